#pragma once

#include "engine/core/Error.h"

#include <QJsonObject>
#include <QJsonValue>
#include <optional>

namespace connectors::request {

// Checks a request body against the trigger's JSON Schema: the part of the
// vocabulary that trigger schemas use (type, required, properties,
// additionalProperties, items, enum, minLength/maxLength, minimum/maximum,
// minItems/maxItems). Unknown keywords are ignored, as validators do.
class JsonSchema
{
public:
    // nullopt when `value` conforms; otherwise the first problem, its field the
    // JSON path of the offending value ("body.customer.email", "body.items[2]").
    static std::optional<engine::Error> validate(const QJsonValue& value, const QJsonObject& schema,
                                                 const QString& path = QStringLiteral("body"));
};

} // namespace connectors::request
