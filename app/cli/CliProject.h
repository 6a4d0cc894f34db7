#pragma once

#include "engine/connections/AppSettings.h"
#include "engine/connections/Connections.h"
#include "engine/core/Result.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <memory>

namespace engine {
class RunStore;
}

namespace cli {

// What `run` and `serve` share to find a workflow's project and history:
// the --connections, --settings, --store and --no-store options, the
// lookup of connections.json and local.settings.json in the workflow's
// project folder when they are not given, and the run history they choose.
//
//   CliProject project;
//   project.addOptions(parser);
//   ... parser.parse(...)
//   if (Status s = project.load(parser, workflowPath); !s) ... s.error().message
class CliProject
{
public:
    CliProject();

    void addOptions(QCommandLineParser& parser) const;
    // Reads the settings and connections given, else those of the project
    // of `workflowPath`, else none. Messages name the option at fault.
    engine::Status load(const QCommandLineParser& parser, const QString& workflowPath);
    // The history --store names (the user's by default); null with --no-store.
    engine::Result<std::unique_ptr<engine::RunStore>>
    openStore(const QCommandLineParser& parser) const;

    const engine::AppSettings& settings() const { return m_settings; }
    const engine::Connections& connections() const { return m_connections; }

private:
    QCommandLineOption m_connectionsOpt;
    QCommandLineOption m_settingsOpt;
    QCommandLineOption m_storeOpt;
    QCommandLineOption m_noStoreOpt;
    engine::AppSettings m_settings;
    engine::Connections m_connections;
};

} // namespace cli
