#pragma once

#include "engine/core/Result.h"
#include "engine/expressions/XmlDocument.h"

#include <QCoreApplication>
#include <QJsonValue>
#include <QString>

namespace engine {

// The part of XPath 1.0 that workflows use with xpath(): absolute and
// relative location paths, '//', '*', '.', '..', '@attr', text(), node(),
// predicates ([2], [last()], [@id], [@id='7'], [name='x'], [text()='x'],
// [local-name()='x'], [position()=2]) and the functions count(), sum(),
// string(), number(), boolean(), name() and local-name() around a path.
//
// A node-set comes back as an array, as Logic Apps returns it: elements as
// XML content objects ({"$content-type":"application/xml;charset=utf-8",
// "$content": base64}), attributes and text nodes as their string values.
class XPath
{
    Q_DECLARE_TR_FUNCTIONS(XPath)

public:
    static Result<QJsonValue> evaluate(const XmlDocument& document, const QString& expression);
};

} // namespace engine
