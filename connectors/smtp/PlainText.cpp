#include "connectors/smtp/PlainText.h"

#include <QHash>
#include <QStringList>

namespace connectors::smtp {
namespace {

QString decodeEntity(const QString& entity)
{
    static const QHash<QString, QString> named = {
        {QStringLiteral("amp"), QStringLiteral("&")},
        {QStringLiteral("lt"), QStringLiteral("<")},
        {QStringLiteral("gt"), QStringLiteral(">")},
        {QStringLiteral("quot"), QStringLiteral("\"")},
        {QStringLiteral("apos"), QStringLiteral("'")},
        {QStringLiteral("nbsp"), QStringLiteral(" ")},
        {QStringLiteral("copy"), QStringLiteral("©")},
        {QStringLiteral("reg"), QStringLiteral("®")},
        {QStringLiteral("euro"), QStringLiteral("€")},
        {QStringLiteral("hellip"), QStringLiteral("…")},
        {QStringLiteral("mdash"), QStringLiteral("—")},
        {QStringLiteral("ndash"), QStringLiteral("–")},
        {QStringLiteral("laquo"), QStringLiteral("«")},
        {QStringLiteral("raquo"), QStringLiteral("»")},
    };
    if (entity.startsWith(QLatin1Char('#'))) {
        bool ok = false;
        const uint code = entity.startsWith(QLatin1String("#x"), Qt::CaseInsensitive)
                              ? entity.mid(2).toUInt(&ok, 16)
                              : entity.mid(1).toUInt(&ok, 10);
        if (ok && code > 0 && code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF)) {
            const char32_t c = char32_t(code);
            return QString::fromUcs4(&c, 1);
        }
        return QString();
    }
    return named.value(entity.toLower(), QString());
}

bool isBlock(const QString& tag)
{
    static const QStringList blocks = {
        QStringLiteral("p"),       QStringLiteral("div"),     QStringLiteral("br"),
        QStringLiteral("tr"),      QStringLiteral("li"),      QStringLiteral("ul"),
        QStringLiteral("ol"),      QStringLiteral("table"),   QStringLiteral("h1"),
        QStringLiteral("h2"),      QStringLiteral("h3"),      QStringLiteral("h4"),
        QStringLiteral("h5"),      QStringLiteral("h6"),      QStringLiteral("blockquote"),
        QStringLiteral("pre"),     QStringLiteral("hr"),      QStringLiteral("title"),
        QStringLiteral("section"), QStringLiteral("article"), QStringLiteral("header"),
        QStringLiteral("footer"),
    };
    return blocks.contains(tag);
}

QString attribute(const QString& tagText, const QString& name)
{
    const qsizetype at = tagText.indexOf(name + QLatin1Char('='), 0, Qt::CaseInsensitive);
    if (at < 0)
        return QString();
    qsizetype i = at + name.size() + 1;
    if (i >= tagText.size())
        return QString();
    const QChar quote = tagText.at(i);
    if (quote == QLatin1Char('"') || quote == QLatin1Char('\'')) {
        const qsizetype end = tagText.indexOf(quote, i + 1);
        return end < 0 ? QString() : tagText.mid(i + 1, end - i - 1);
    }
    qsizetype end = i;
    while (end < tagText.size() && !tagText.at(end).isSpace() &&
           tagText.at(end) != QLatin1Char('>'))
        ++end;
    return tagText.mid(i, end - i);
}

} // namespace

QString PlainText::fromHtml(const QString& html)
{
    QString out;
    QString pendingHref;
    bool pre = false;
    qsizetype i = 0;
    auto newline = [&out] {
        while (out.endsWith(QLatin1Char(' ')))
            out.chop(1);
        if (!out.isEmpty() && !out.endsWith(QLatin1Char('\n')))
            out += QLatin1Char('\n');
    };
    while (i < html.size()) {
        const QChar c = html.at(i);
        if (c == QLatin1Char('<')) {
            if (html.mid(i, 4) == QLatin1String("<!--")) {
                const qsizetype end = html.indexOf(QLatin1String("-->"), i + 4);
                i = end < 0 ? html.size() : end + 3;
                continue;
            }
            const qsizetype end = html.indexOf(QLatin1Char('>'), i);
            if (end < 0)
                break;
            const QString tagText = html.mid(i + 1, end - i - 1);
            i = end + 1;
            const bool closing = tagText.startsWith(QLatin1Char('/'));
            QString tag = closing ? tagText.mid(1) : tagText;
            qsizetype nameEnd = 0;
            while (nameEnd < tag.size() && tag.at(nameEnd).isLetterOrNumber())
                ++nameEnd;
            tag = tag.left(nameEnd).toLower();
            if (!closing && (tag == QLatin1String("script") || tag == QLatin1String("style") ||
                             tag == QLatin1String("head"))) {
                const qsizetype close =
                    html.indexOf(QStringLiteral("</") + tag, i, Qt::CaseInsensitive);
                if (close < 0) {
                    i = html.size();
                } else {
                    const qsizetype gt = html.indexOf(QLatin1Char('>'), close);
                    i = gt < 0 ? html.size() : gt + 1;
                }
                continue;
            }
            if (tag == QLatin1String("pre"))
                pre = !closing;
            if (tag == QLatin1String("a")) {
                if (!closing) {
                    pendingHref = attribute(tagText, QStringLiteral("href"));
                } else if (!pendingHref.isEmpty() && !pendingHref.startsWith(QLatin1Char('#')) &&
                           !out.endsWith(pendingHref)) {
                    out += QStringLiteral(" <") + pendingHref + QLatin1Char('>');
                    pendingHref.clear();
                }
            } else if (tag == QLatin1String("li") && !closing) {
                newline();
                out += QStringLiteral("- ");
            } else if (tag == QLatin1String("td") || tag == QLatin1String("th")) {
                if (closing)
                    out += QLatin1Char(' ');
            } else if (tag == QLatin1String("br")) {
                out += QLatin1Char('\n');
            } else if (isBlock(tag)) {
                newline();
                if (tag == QLatin1String("p") || tag.startsWith(QLatin1Char('h')))
                    out += out.isEmpty() || out.endsWith(QLatin1String("\n\n"))
                               ? QString()
                               : QStringLiteral("\n");
            } else if (tag == QLatin1String("img") && !closing) {
                const QString alt = attribute(tagText, QStringLiteral("alt"));
                if (!alt.isEmpty())
                    out += QLatin1Char('[') + alt + QLatin1Char(']');
            }
            continue;
        }
        if (c == QLatin1Char('&')) {
            const qsizetype semi = html.indexOf(QLatin1Char(';'), i);
            if (semi > i && semi - i <= 10) {
                const QString decoded = decodeEntity(html.mid(i + 1, semi - i - 1));
                if (!decoded.isEmpty()) {
                    out += decoded;
                    i = semi + 1;
                    continue;
                }
            }
            out += c;
            ++i;
            continue;
        }
        if (!pre && c.isSpace()) {
            if (!out.isEmpty() && !out.endsWith(QLatin1Char(' ')) &&
                !out.endsWith(QLatin1Char('\n')))
                out += QLatin1Char(' ');
        } else {
            out += c;
        }
        ++i;
    }
    // Trim each line's trailing space and the whole text.
    QStringList lines = out.split(QLatin1Char('\n'));
    for (QString& line : lines) {
        while (line.endsWith(QLatin1Char(' ')))
            line.chop(1);
    }
    QString text = lines.join(QLatin1Char('\n')).trimmed();
    while (text.contains(QLatin1String("\n\n\n")))
        text.replace(QLatin1String("\n\n\n"), QLatin1String("\n\n"));
    return text.isEmpty() ? text : text + QLatin1Char('\n');
}

} // namespace connectors::smtp
