#pragma once

#include <QList>
#include <QString>

namespace engine {

class Catalogue;
class Workflow;

// One thing wrong (or doubtful) in a workflow, located for a person and for
// the designer: the step, the canonical field, and the JSON path inside the
// definition ("actions.Send_Email_(V3).inputs.body.To").
struct Problem
{
    enum class Severity
    {
        Error,
        Warning
    };
    QString step;
    QString field;
    QString jsonPath;
    QString message;
    Severity severity = Severity::Error;

    // "jsonPath: message"
    QString toString() const;
    friend bool operator==(const Problem&, const Problem&) = default;
};

// Checks a workflow against the catalogue without running it: structure
// (types, duplicate names, run-after naming a missing action, cycles),
// expression syntax, and each recognised step's properties (required, enum,
// types, and the operation's own validate hook for literal values).
class Validator
{
public:
    static QList<Problem> validate(const Workflow& workflow, const Catalogue& catalogue);
};

} // namespace engine
