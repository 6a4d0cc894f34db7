#pragma once

#include "engine/core/Result.h"

#include <QCoreApplication>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <memory>

namespace engine {

// A small XML tree for xml() and xpath(): read with QXmlStreamReader (so no
// DTD or external entity is ever fetched), written back as text, and built
// from JSON the way Logic Apps converts it ({"root": {"@attr": "v", "#text":
// "t", "child": [..]}}). Child elements made from JSON come in the order of
// the object's keys as QJsonObject holds them (sorted), not as first written.
class XmlDocument
{
    Q_DECLARE_TR_FUNCTIONS(XmlDocument)

public:
    struct Node
    {
        enum class Kind
        {
            Document,
            Element,
            Text
        };
        Kind kind = Kind::Element;
        QString name;                                  // qualified, as written ("p:item")
        QString localName;                             // without prefix
        QList<std::pair<QString, QString>> attributes; // as written, xmlns ones included
        QString text;                                  // Text nodes
        QList<std::shared_ptr<Node>> children;
        Node* parent = nullptr;

        // The concatenated text of the node and its descendants (XPath string value).
        QString stringValue() const;
    };

    // Parses XML text; the error says what is wrong and where (line, column).
    static Result<XmlDocument> parse(const QString& text);
    // The XML for a JSON object with a single root property.
    static Result<QString> fromJson(const QJsonValue& value);
    // The node (and its subtree) as XML text.
    static QString serialize(const Node& node);

    // The document node; its element child is the root element.
    const Node& document() const { return *m_document; }

    // XML travels between functions as Logic Apps' content object.
    static QJsonValue toContent(const QString& xml);
    static bool isXmlContent(const QJsonValue& value);

private:
    std::shared_ptr<Node> m_document;
};

} // namespace engine
