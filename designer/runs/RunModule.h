#pragma once

#include "engine/core/Result.h"

#include <QString>
#include <memory>

class QObject;

namespace engine {
class RunHistory;
}

namespace designer {

class RunControl;

// What the designer does with the network (running workflows, serving their
// triggers, testing connections, the local mail catcher) and the run history
// (SQLite) lives in the run module, a library of its own beside the program
// (logicapp-runtime), so the window starts without loading QtNetwork and
// what it pulls in (Kerberos, proxy resolution), or QtSql. The program loads it once its first
// frame is painted, or at once when something needs it sooner; tests and other programs link it in
// (logicapp_runmodule), which installs it as the program starts.
struct RunServices
{
    // Makes the object that runs workflows for the window; the catalogue it
    // runs with is the connectors' own (with every job and trigger).
    RunControl* (*createController)(QObject* parent);
    // Starts the built-in local mail catcher, owned by `parent`; on success
    // the port it listens on, else null and why in `error`.
    QObject* (*startMailCatcher)(QObject* parent, quint16* port, QString* error);
    // Opens the run history at `path` (empty: the user's) for reading.
    engine::Result<std::unique_ptr<engine::RunHistory>> (*openHistory)(const QString& path);
};

class RunModule
{
public:
    // The services: installed, or loaded now from beside the program. Null
    // when the module cannot be loaded, with why in `error`. Main thread.
    static const RunServices* services(QString* error = nullptr);
    // Called by the module as it is loaded (or linked in).
    static void install(const RunServices* services);
    static bool isLoaded();
};

} // namespace designer
