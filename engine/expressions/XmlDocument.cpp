#include "engine/expressions/XmlDocument.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QXmlStreamReader>

namespace engine {
namespace {

QString escaped(const QString& text, bool attribute)
{
    QString out;
    out.reserve(text.size());
    for (QChar c : text) {
        switch (c.unicode()) {
        case '&':
            out += QLatin1String("&amp;");
            break;
        case '<':
            out += QLatin1String("&lt;");
            break;
        case '>':
            out += QLatin1String("&gt;");
            break;
        case '"':
            out += attribute ? QLatin1String("&quot;") : QLatin1String("\"");
            break;
        default:
            out += c;
        }
    }
    return out;
}

QString scalarText(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (d == double(qint64(d)))
            return QString::number(qint64(d));
        return QString::number(d, 'g', QLocale::FloatingPointShortest);
    }
    case QJsonValue::String:
        return v.toString();
    default:
        return QString();
    }
}

bool validName(const QString& name)
{
    if (name.isEmpty() || !(name.at(0).isLetter() || name.at(0) == QLatin1Char('_')))
        return false;
    for (QChar c : name) {
        if (!(c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('-') ||
              c == QLatin1Char('.') || c == QLatin1Char(':')))
            return false;
    }
    return true;
}

Status writeElement(const QString& name, const QJsonValue& value, QString& out, int depth)
{
    if (depth > 100)
        return Status::failure(QString(), XmlDocument::tr("the JSON is nested too deeply"), 400);
    if (!validName(name))
        return Status::failure(
            QString(), XmlDocument::tr("'%1' cannot be an XML element name").arg(name), 400);
    if (value.isArray()) {
        // An array repeats the element, once per item.
        for (const QJsonValue& item : value.toArray()) {
            Status s = writeElement(name, item, out, depth + 1);
            if (!s)
                return s;
        }
        return success();
    }
    out += QLatin1Char('<') + name;
    if (!value.isObject()) {
        if (value.isNull() || value.isUndefined()) {
            out += QLatin1String(" />");
            return success();
        }
        out += QLatin1Char('>') + escaped(scalarText(value), false) + QLatin1String("</") + name +
               QLatin1Char('>');
        return success();
    }
    const QJsonObject o = value.toObject();
    QString inner;
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key().startsWith(QLatin1Char('@'))) {
            const QString attr = it.key().mid(1);
            if (!validName(attr))
                return Status::failure(
                    QString(), XmlDocument::tr("'%1' cannot be an XML attribute name").arg(attr),
                    400);
            out += QLatin1Char(' ') + attr + QLatin1String("=\"") +
                   escaped(scalarText(it.value()), true) + QLatin1Char('"');
        } else if (it.key() == QLatin1String("#text")) {
            inner += escaped(scalarText(it.value()), false);
        } else {
            Status s = writeElement(it.key(), it.value(), inner, depth + 1);
            if (!s)
                return s;
        }
    }
    if (inner.isEmpty()) {
        out += QLatin1String(" />");
        return success();
    }
    out += QLatin1Char('>') + inner + QLatin1String("</") + name + QLatin1Char('>');
    return success();
}

void serializeInto(const XmlDocument::Node& n, QString& out)
{
    using Kind = XmlDocument::Node::Kind;
    if (n.kind == Kind::Text) {
        out += escaped(n.text, false);
        return;
    }
    if (n.kind == Kind::Document) {
        for (const auto& c : n.children)
            serializeInto(*c, out);
        return;
    }
    out += QLatin1Char('<') + n.name;
    for (const auto& [name, value] : n.attributes)
        out += QLatin1Char(' ') + name + QLatin1String("=\"") + escaped(value, true) +
               QLatin1Char('"');
    if (n.children.isEmpty()) {
        out += QLatin1String(" />");
        return;
    }
    out += QLatin1Char('>');
    for (const auto& c : n.children)
        serializeInto(*c, out);
    out += QLatin1String("</") + n.name + QLatin1Char('>');
}

void appendText(const XmlDocument::Node& n, QString& out)
{
    if (n.kind == XmlDocument::Node::Kind::Text) {
        out += n.text;
        return;
    }
    for (const auto& c : n.children)
        appendText(*c, out);
}

} // namespace

QString XmlDocument::Node::stringValue() const
{
    QString out;
    appendText(*this, out);
    return out;
}

Result<XmlDocument> XmlDocument::parse(const QString& text)
{
    XmlDocument doc;
    doc.m_document = std::make_shared<Node>();
    doc.m_document->kind = Node::Kind::Document;
    Node* current = doc.m_document.get();
    QXmlStreamReader reader(text);
    bool sawRoot = false;
    int depth = 0;
    while (!reader.atEnd()) {
        switch (reader.readNext()) {
        case QXmlStreamReader::StartElement: {
            if (current == doc.m_document.get() && sawRoot)
                return Error{QString(), tr("it has more than one root element"), 400};
            sawRoot = true;
            // Every walk over the tree recurses; keep it far from the stack's end.
            if (++depth > 256)
                return Error{QString(), tr("it is nested more than 256 elements deep"), 400};
            auto node = std::make_shared<Node>();
            node->name = reader.qualifiedName().toString();
            node->localName = reader.name().toString();
            for (const QXmlStreamNamespaceDeclaration& ns : reader.namespaceDeclarations())
                node->attributes.append({ns.prefix().isEmpty()
                                             ? QStringLiteral("xmlns")
                                             : QStringLiteral("xmlns:") + ns.prefix().toString(),
                                         ns.namespaceUri().toString()});
            for (const QXmlStreamAttribute& a : reader.attributes())
                node->attributes.append({a.qualifiedName().toString(), a.value().toString()});
            node->parent = current;
            current->children.append(node);
            current = node.get();
            break;
        }
        case QXmlStreamReader::EndElement:
            current = current->parent;
            --depth;
            break;
        case QXmlStreamReader::Characters: {
            if (current == doc.m_document.get())
                break; // whitespace around the root element
            if (reader.isWhitespace() && !reader.isCDATA())
                break; // indentation between elements
            if (!current->children.isEmpty() &&
                current->children.last()->kind == Node::Kind::Text) {
                current->children.last()->text += reader.text();
                break;
            }
            auto node = std::make_shared<Node>();
            node->kind = Node::Kind::Text;
            node->text = reader.text().toString();
            node->parent = current;
            current->children.append(node);
            break;
        }
        case QXmlStreamReader::DTD:
            return Error{QString(), tr("a DTD is not accepted"), 400};
        default:
            break;
        }
    }
    if (reader.hasError())
        return Error{QString(),
                     tr("%1 (line %2, column %3)")
                         .arg(reader.errorString())
                         .arg(reader.lineNumber())
                         .arg(reader.columnNumber()),
                     400};
    if (!sawRoot)
        return Error{QString(), tr("it has no root element"), 400};
    return doc;
}

Result<QString> XmlDocument::fromJson(const QJsonValue& value)
{
    const QJsonObject o = value.toObject();
    QStringList roots;
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!it.key().startsWith(QLatin1Char('?')) && !it.key().startsWith(QLatin1Char('$')))
            roots.append(it.key());
    }
    if (!value.isObject() || roots.size() != 1 || o.value(roots.first()).isArray())
        return Error{QString(),
                     tr("the JSON object must have exactly one property, the root element"), 400};
    QString out;
    Status s = writeElement(roots.first(), o.value(roots.first()), out, 0);
    if (!s)
        return s.error();
    return out;
}

QString XmlDocument::serialize(const Node& node)
{
    QString out;
    serializeInto(node, out);
    return out;
}

QJsonValue XmlDocument::toContent(const QString& xml)
{
    return QJsonObject{
        {QStringLiteral("$content-type"), QStringLiteral("application/xml;charset=utf-8")},
        {QStringLiteral("$content"), QString::fromLatin1(xml.toUtf8().toBase64())}};
}

bool XmlDocument::isXmlContent(const QJsonValue& value)
{
    const QJsonObject o = value.toObject();
    return o.value(QStringLiteral("$content-type")).toString().contains(QLatin1String("xml")) &&
           o.value(QStringLiteral("$content")).isString();
}

} // namespace engine
