#include "engine/core/Error.h"

namespace engine {

QString Error::toString() const
{
    return field.isEmpty() ? message : field + QStringLiteral(": ") + message;
}

} // namespace engine
