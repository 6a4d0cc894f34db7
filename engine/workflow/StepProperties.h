#pragma once

#include "engine/catalogue/Operation.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace engine {

// Reads and writes the canonical properties of a step ("To", "Attachments")
// through the WDL shape it is written in (WdlShape::propertyPaths and
// itemKeys), so that the forms and the runtime see one set of names whatever
// the shape, and a write touches only the key it owns.
//
// Two path elements are special, for values that live inside a string:
//  - "@segment:NAME" as the last element: the URL segment after "/NAME/" in
//    the string at the path before it (ApiConnection "path"), written as
//    @{encodeURIComponent(encodeURIComponent('VALUE'))} as the Logic Apps
//    designer writes it; reading also accepts a plain segment.
//  - "@connectionRef" as the last element, on {"inputs","host","connection"}:
//    the managed connection's name, from "referenceName" (Standard) or from
//    the "@parameters('$connections')['NAME']['connectionId']" expression.
class StepProperties
{
public:
    // The value of `key` in `step`, undefined when not set. Arrays of objects
    // come back with canonical item keys.
    static QJsonValue read(const QJsonObject& step, const WdlShape& shape, const QString& key);
    // `step` with `key` set (an undefined value removes it, and any object
    // that becomes empty on the way to it). Missing objects on the path are
    // created.
    static QJsonObject write(QJsonObject step, const WdlShape& shape, const QString& key,
                             const QJsonValue& value);
    // Every property of `operation` that is set in `step`, by canonical key.
    static QJsonObject readAll(const QJsonObject& step, const Operation& operation,
                               const WdlShape& shape);
    // The path of `key` inside the step, dotted ("inputs.body.To"); the key
    // itself when the shape does not place it.
    static QString path(const WdlShape& shape, const QString& key);
    // Translates array items between canonical and shape keys.
    static QJsonValue toCanonicalItems(const WdlShape& shape, const QString& key,
                                       const QJsonValue& value);
    static QJsonValue toShapeItems(const WdlShape& shape, const QString& key,
                                   const QJsonValue& value);
};

} // namespace engine
