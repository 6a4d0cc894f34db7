#pragma once

#include "engine/core/Result.h"
#include "engine/runtime/Run.h"

#include <QList>
#include <QString>

namespace engine {

// The run history as its readers see it (the designer's runs panel): the
// runs recorded, newest first, and one with its steps. RunStore keeps it in
// SQLite; a reader through this needs no database library of its own.
class RunHistory
{
public:
    virtual ~RunHistory() = default;

    virtual QString path() const = 0;
    // Newest first, without steps; `workflow` filters by name when given.
    virtual Result<QList<Run>> runs(int limit = 200, const QString& workflow = {}) const = 0;
    // One run with its steps; 404 when unknown.
    virtual Result<Run> run(const QString& id) const = 0;
};

} // namespace engine
