#include "designer/forms/ExpressionText.h"

namespace designer {
namespace {

// The index of the '}' closing the token whose expression starts at `from`;
// braces inside single-quoted strings ('' escapes a quote) do not count.
qsizetype closingBrace(const QString& text, qsizetype from)
{
    int depth = 0;
    bool quoted = false;
    for (qsizetype i = from; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('\'')) {
                if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\''))
                    ++i;
                else
                    quoted = false;
            }
            continue;
        }
        if (c == QLatin1Char('\''))
            quoted = true;
        else if (c == QLatin1Char('{'))
            ++depth;
        else if (c == QLatin1Char('}')) {
            if (depth == 0)
                return i;
            --depth;
        }
    }
    return -1;
}

} // namespace

QList<ExpressionText::Segment> ExpressionText::split(const QString& text)
{
    using Kind = Segment::Kind;
    QList<Segment> out;
    // WDL: a value starting with "@" (not "@@" nor "@{") is one expression.
    if (text.size() > 1 && text.at(0) == QLatin1Char('@') && text.at(1) != QLatin1Char('@') &&
        text.at(1) != QLatin1Char('{')) {
        out.append({Kind::Token, text.mid(1), true});
        return out;
    }
    QString plain;
    qsizetype i = 0;
    while (i < text.size()) {
        if (text.at(i) == QLatin1Char('@') && i + 1 < text.size() &&
            text.at(i + 1) == QLatin1Char('{')) {
            const qsizetype end = closingBrace(text, i + 2);
            if (end > i + 2) {
                if (!plain.isEmpty())
                    out.append({Kind::Text, plain, false});
                plain.clear();
                out.append({Kind::Token, text.mid(i + 2, end - i - 2), false});
                i = end + 1;
                continue;
            }
        }
        plain.append(text.at(i));
        ++i;
    }
    if (!plain.isEmpty())
        out.append({Kind::Text, plain, false});
    return out;
}

QString ExpressionText::join(const QList<Segment>& segments)
{
    if (segments.size() == 1 && segments.first().kind == Segment::Kind::Token &&
        segments.first().whole)
        return QLatin1Char('@') + segments.first().text;
    QString out;
    for (const Segment& s : segments) {
        if (s.kind == Segment::Kind::Text)
            out += s.text;
        else
            out += QStringLiteral("@{") + s.text + QLatin1Char('}');
    }
    return out;
}

QString ExpressionText::label(const QString& expression)
{
    // The last ['key'] or ?['key'] read.
    const qsizetype open = expression.lastIndexOf(QStringLiteral("['"));
    if (open >= 0 && expression.endsWith(QStringLiteral("']"))) {
        const QString key = expression.mid(open + 2, expression.size() - open - 4);
        if (!key.isEmpty() && !key.contains(QLatin1Char('\'')))
            return key;
    }
    QString shown = expression.simplified();
    if (shown.size() > 28)
        shown = shown.left(27) + QChar(0x2026);
    return shown;
}

} // namespace designer
