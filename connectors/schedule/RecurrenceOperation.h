#pragma once

#include "engine/catalogue/Operation.h"

namespace connectors::schedule {

// The catalogue entry of the Recurrence trigger ({"type":"Recurrence",
// "recurrence":{frequency, interval, startTime, timeZone, schedule}}).
class RecurrenceOperation
{
public:
    static QString id() { return QStringLiteral("schedule.recurrence"); }
    static engine::Operation create();
};

} // namespace connectors::schedule
