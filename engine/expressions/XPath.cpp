#include "engine/expressions/XPath.h"

#include <QJsonArray>
#include <QSet>
#include <cmath>
#include <functional>

namespace engine {
namespace {

using Node = XmlDocument::Node;
using Kind = XmlDocument::Node::Kind;

// One node of a node-set: an element, text or document node, or the
// attribute `attribute` of an element.
struct Item
{
    const Node* node = nullptr;
    int attribute = -1;

    bool operator==(const Item& o) const { return node == o.node && attribute == o.attribute; }
    QString stringValue() const
    {
        return attribute >= 0 ? node->attributes.at(attribute).second : node->stringValue();
    }
    QString name() const
    {
        if (attribute >= 0)
            return node->attributes.at(attribute).first;
        return node->kind == Kind::Element ? node->name : QString();
    }
};

size_t qHash(const Item& i, size_t seed = 0)
{
    return ::qHash(quintptr(i.node), seed) ^ size_t(i.attribute + 1);
}

QString localPart(const QString& name)
{
    const qsizetype colon = name.indexOf(QLatin1Char(':'));
    return colon < 0 ? name : name.mid(colon + 1);
}

void descendantsOrSelf(const Node* n, QList<Item>& out)
{
    out.append({n, -1});
    for (const auto& c : n->children) {
        if (c->kind == Kind::Element)
            descendantsOrSelf(c.get(), out);
    }
}

class Parser
{
public:
    Parser(const QString& text) : m_text(text) {}

    Result<QJsonValue> run(const XmlDocument& doc)
    {
        skip();
        static const QStringList functions = {QStringLiteral("count"),     QStringLiteral("sum"),
                                              QStringLiteral("string"),    QStringLiteral("number"),
                                              QStringLiteral("boolean"),   QStringLiteral("name"),
                                              QStringLiteral("local-name")};
        for (const QString& f : functions) {
            const qsizetype save = m_pos;
            if (takeWord(f) && take(QLatin1Char('('))) {
                QList<Item> set;
                skip();
                if (!peek(QLatin1Char(')'))) {
                    auto r = path(doc);
                    if (!r)
                        return r.error();
                    set = *r;
                }
                if (!take(QLatin1Char(')')))
                    return problem(XPath::tr("expected ')'"));
                if (!atEnd())
                    return problem(XPath::tr("unexpected text"));
                return function(f, set);
            }
            m_pos = save;
        }
        auto set = path(doc);
        if (!set)
            return set.error();
        if (!atEnd())
            return problem(XPath::tr("unexpected text"));
        QJsonArray out;
        for (const Item& i : *set) {
            if (i.attribute >= 0 || i.node->kind == Kind::Text)
                out.append(i.stringValue());
            else
                out.append(XmlDocument::toContent(XmlDocument::serialize(*i.node)));
        }
        return QJsonValue(out);
    }

private:
    static QJsonValue function(const QString& f, const QList<Item>& set)
    {
        if (f == QLatin1String("count"))
            return set.size();
        if (f == QLatin1String("sum")) {
            double total = 0;
            for (const Item& i : set)
                total += i.stringValue().trimmed().toDouble();
            return total;
        }
        if (f == QLatin1String("boolean"))
            return !set.isEmpty();
        const Item first = set.isEmpty() ? Item{} : set.first();
        if (f == QLatin1String("number")) {
            bool ok = false;
            const double d = first.node ? first.stringValue().trimmed().toDouble(&ok) : 0;
            return ok ? QJsonValue(d) : QJsonValue(); // NaN has no JSON form
        }
        if (!first.node)
            return QString();
        if (f == QLatin1String("string"))
            return first.stringValue();
        if (f == QLatin1String("name"))
            return first.name();
        return localPart(first.name());
    }

    bool atEnd()
    {
        skip();
        return m_pos >= m_text.size();
    }
    void skip()
    {
        while (m_pos < m_text.size() && m_text.at(m_pos).isSpace())
            ++m_pos;
    }
    bool peek(QChar c) const { return m_pos < m_text.size() && m_text.at(m_pos) == c; }
    bool take(QChar c)
    {
        skip();
        if (!peek(c))
            return false;
        ++m_pos;
        return true;
    }
    bool takeWord(const QString& w)
    {
        skip();
        if (m_text.mid(m_pos, w.size()) != w)
            return false;
        const qsizetype after = m_pos + w.size();
        if (after < m_text.size() && isNameChar(m_text.at(after)))
            return false;
        m_pos = after;
        return true;
    }
    static bool isNameChar(QChar c)
    {
        return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('-') ||
               c == QLatin1Char('.') || c == QLatin1Char(':');
    }
    QString name()
    {
        skip();
        const qsizetype start = m_pos;
        if (m_pos < m_text.size() &&
            (m_text.at(m_pos).isLetter() || m_text.at(m_pos) == QLatin1Char('_'))) {
            while (m_pos < m_text.size() && isNameChar(m_text.at(m_pos)))
                ++m_pos;
        }
        return m_text.mid(start, m_pos - start);
    }
    Error problem(const QString& message) const
    {
        return Error{QString(),
                     XPath::tr("the XPath '%1' cannot be read at position %2: %3")
                         .arg(m_text)
                         .arg(m_pos + 1)
                         .arg(message),
                     400};
    }

    Result<QList<Item>> path(const XmlDocument& doc)
    {
        QList<Item> context{{&doc.document(), -1}};
        skip();
        bool descendant = false;
        if (take(QLatin1Char('/'))) {
            descendant = take(QLatin1Char('/'));
            if (!descendant && atEnd())
                return context; // "/" alone: the document
        }
        for (;;) {
            if (descendant) {
                QList<Item> all;
                QSet<Item> seen;
                for (const Item& c : std::as_const(context)) {
                    QList<Item> below;
                    descendantsOrSelf(c.node, below);
                    for (const Item& b : std::as_const(below)) {
                        if (!seen.contains(b)) {
                            seen.insert(b);
                            all.append(b);
                        }
                    }
                }
                context = all;
            }
            auto next = step(context);
            if (!next)
                return next.error();
            context = *next;
            skip();
            if (!take(QLatin1Char('/')))
                break;
            descendant = take(QLatin1Char('/'));
        }
        return context;
    }

    // One location step from each context node, with its predicates.
    Result<QList<Item>> step(const QList<Item>& context)
    {
        skip();
        std::function<QList<Item>(const Item&)> select;
        if (take(QLatin1Char('@'))) {
            const QString n = peek(QLatin1Char('*')) ? (++m_pos, QStringLiteral("*")) : name();
            if (n.isEmpty())
                return problem(XPath::tr("expected an attribute name after '@'"));
            select = [n](const Item& c) {
                QList<Item> out;
                if (c.attribute >= 0)
                    return out;
                for (int i = 0; i < c.node->attributes.size(); ++i) {
                    const QString& a = c.node->attributes.at(i).first;
                    if (a == QLatin1String("xmlns") || a.startsWith(QLatin1String("xmlns:")))
                        continue;
                    if (n == QLatin1String("*") || a == n)
                        out.append({c.node, i});
                }
                return out;
            };
        } else if (m_text.mid(m_pos, 2) == QLatin1String("..")) {
            m_pos += 2;
            select = [](const Item& c) {
                if (c.attribute >= 0)
                    return QList<Item>{{c.node, -1}};
                return c.node->parent ? QList<Item>{{c.node->parent, -1}} : QList<Item>{};
            };
        } else if (take(QLatin1Char('.'))) {
            select = [](const Item& c) { return QList<Item>{c}; };
        } else if (take(QLatin1Char('*'))) {
            select = [](const Item& c) {
                QList<Item> out;
                if (c.attribute < 0) {
                    for (const auto& ch : c.node->children) {
                        if (ch->kind == Kind::Element)
                            out.append({ch.get(), -1});
                    }
                }
                return out;
            };
        } else {
            const QString n = name();
            if (n.isEmpty())
                return problem(XPath::tr("expected a step such as name, *, @attr or text()"));
            const bool call = take(QLatin1Char('('));
            if (call && !take(QLatin1Char(')')))
                return problem(XPath::tr("expected ')'"));
            if (call && n != QLatin1String("text") && n != QLatin1String("node"))
                return problem(XPath::tr("'%1()' cannot be a step; use text() or node()").arg(n));
            const bool textOnly = call && n == QLatin1String("text");
            const bool anyNode = call && n == QLatin1String("node");
            select = [n, call, textOnly, anyNode](const Item& c) {
                QList<Item> out;
                if (c.attribute >= 0)
                    return out;
                for (const auto& ch : c.node->children) {
                    if (anyNode || (textOnly && ch->kind == Kind::Text) ||
                        (!call && ch->kind == Kind::Element && ch->name == n))
                        out.append({ch.get(), -1});
                }
                return out;
            };
        }
        QList<std::function<Result<bool>(const Item&, int, int)>> predicates;
        while (take(QLatin1Char('['))) {
            auto p = predicate();
            if (!p)
                return p.error();
            predicates.append(*p);
            if (!take(QLatin1Char(']')))
                return problem(XPath::tr("expected ']'"));
        }
        QList<Item> out;
        QSet<Item> seen;
        for (const Item& c : context) {
            QList<Item> selected = select(c);
            for (const auto& p : std::as_const(predicates)) {
                QList<Item> kept;
                for (int i = 0; i < selected.size(); ++i) {
                    auto keep = p(selected.at(i), i + 1, int(selected.size()));
                    if (!keep)
                        return keep.error();
                    if (*keep)
                        kept.append(selected.at(i));
                }
                selected = kept;
            }
            for (const Item& s : std::as_const(selected)) {
                if (!seen.contains(s)) {
                    seen.insert(s);
                    out.append(s);
                }
            }
        }
        return out;
    }

    Result<QString> literal()
    {
        skip();
        if (peek(QLatin1Char('\'')) || peek(QLatin1Char('"'))) {
            const QChar q = m_text.at(m_pos);
            const qsizetype end = m_text.indexOf(q, m_pos + 1);
            if (end < 0)
                return problem(XPath::tr("the quoted text has no end"));
            const QString out = m_text.mid(m_pos + 1, end - m_pos - 1);
            m_pos = end + 1;
            return out;
        }
        const qsizetype start = m_pos;
        while (m_pos < m_text.size() &&
               (m_text.at(m_pos).isDigit() || m_text.at(m_pos) == QLatin1Char('.') ||
                m_text.at(m_pos) == QLatin1Char('-')))
            ++m_pos;
        if (start == m_pos)
            return problem(XPath::tr("expected a quoted text or a number"));
        return m_text.mid(start, m_pos - start);
    }

    // predicate(item, position, size) -> whether the item stays.
    Result<std::function<Result<bool>(const Item&, int, int)>> predicate()
    {
        using Pred = std::function<Result<bool>(const Item&, int, int)>;
        skip();
        if (m_pos < m_text.size() && m_text.at(m_pos).isDigit()) {
            auto n = literal();
            if (!n)
                return n.error();
            const int wanted = n->toInt();
            return Pred(
                [wanted](const Item&, int pos, int) { return Result<bool>(pos == wanted); });
        }
        if (takeWord(QStringLiteral("last"))) {
            if (!take(QLatin1Char('(')) || !take(QLatin1Char(')')))
                return problem(XPath::tr("expected last()"));
            return Pred([](const Item&, int pos, int size) { return Result<bool>(pos == size); });
        }
        // The operand: what each item is compared by.
        std::function<QStringList(const Item&, int)> operand;
        bool numeric = false;
        if (take(QLatin1Char('@'))) {
            const QString n = name();
            if (n.isEmpty())
                return problem(XPath::tr("expected an attribute name after '@'"));
            operand = [n](const Item& i, int) {
                for (const auto& [a, v] : i.node->attributes) {
                    if (a == n && i.attribute < 0)
                        return QStringList{v};
                }
                return QStringList{};
            };
        } else if (take(QLatin1Char('.'))) {
            operand = [](const Item& i, int) { return QStringList{i.stringValue()}; };
        } else {
            const QString n = name();
            if (n.isEmpty())
                return problem(
                    XPath::tr("expected a condition such as 2, last(), @id or name='x'"));
            if (take(QLatin1Char('('))) {
                if (!take(QLatin1Char(')')))
                    return problem(XPath::tr("expected ')'"));
                if (n == QLatin1String("text"))
                    operand = [](const Item& i, int) {
                        QStringList out;
                        for (const auto& c : i.node->children) {
                            if (c->kind == Kind::Text)
                                out.append(c->text);
                        }
                        return out;
                    };
                else if (n == QLatin1String("name"))
                    operand = [](const Item& i, int) { return QStringList{i.name()}; };
                else if (n == QLatin1String("local-name"))
                    operand = [](const Item& i, int) { return QStringList{localPart(i.name())}; };
                else if (n == QLatin1String("position")) {
                    operand = [](const Item&, int pos) {
                        return QStringList{QString::number(pos)};
                    };
                    numeric = true;
                } else
                    return problem(XPath::tr("'%1()' is not supported in a condition").arg(n));
            } else {
                operand = [n](const Item& i, int) {
                    QStringList out;
                    if (i.attribute >= 0)
                        return out;
                    for (const auto& c : i.node->children) {
                        if (c->kind == Kind::Element && c->name == n)
                            out.append(c->stringValue());
                    }
                    return out;
                };
            }
        }
        skip();
        bool equal = true;
        if (take(QLatin1Char('!'))) {
            if (!take(QLatin1Char('=')))
                return problem(XPath::tr("expected '!='"));
            equal = false;
        } else if (!take(QLatin1Char('='))) {
            // No comparison: the item stays when the operand exists.
            return Pred([operand](const Item& i, int pos, int) {
                return Result<bool>(!operand(i, pos).isEmpty());
            });
        }
        const bool quoted = peek(QLatin1Char('\'')) || peek(QLatin1Char('"'));
        auto value = literal();
        if (!value)
            return value.error();
        numeric = numeric || !quoted;
        const QString wanted = *value;
        return Pred([operand, equal, numeric, wanted](const Item& i, int pos, int) {
            // XPath 1.0 3.4: true when any of the operand's values compares so.
            for (const QString& v : operand(i, pos)) {
                const bool same =
                    numeric ? v.trimmed().toDouble() == wanted.toDouble() : v == wanted;
                if (same == equal)
                    return Result<bool>(true);
            }
            return Result<bool>(false);
        });
    }

    const QString& m_text;
    qsizetype m_pos = 0;
};

} // namespace

Result<QJsonValue> XPath::evaluate(const XmlDocument& document, const QString& expression)
{
    if (expression.trimmed().isEmpty())
        return Error{QString(), tr("the XPath is empty"), 400};
    Parser parser(expression);
    return parser.run(document);
}

} // namespace engine
