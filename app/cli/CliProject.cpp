#include "app/cli/CliProject.h"

#include "engine/runtime/RunSetup.h"
#include "engine/runtime/RunStore.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace cli {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cli::project", text);
}

engine::Error usage(const QString& message)
{
    return engine::Error{QString(), message, 2};
}

} // namespace

CliProject::CliProject()
    : m_connectionsOpt(
          QStringLiteral("connections"),
          tr("connections.json to use (default: the one in the workflow's project folder)."),
          QStringLiteral("F")),
      m_settingsOpt(
          QStringLiteral("settings"),
          tr("local.settings.json whose Values are the app settings (default: the project's)."),
          QStringLiteral("F")),
      m_storeOpt(QStringLiteral("store"),
                 tr("Run history database (default: the user's data folder)."),
                 QStringLiteral("DB")),
      m_noStoreOpt(QStringLiteral("no-store"), tr("Do not record runs in the history."))
{}

void CliProject::addOptions(QCommandLineParser& parser) const
{
    parser.addOptions({m_connectionsOpt, m_settingsOpt, m_storeOpt, m_noStoreOpt});
}

engine::Status CliProject::load(const QCommandLineParser& parser, const QString& workflowPath)
{
    if (parser.isSet(m_storeOpt) && parser.isSet(m_noStoreOpt))
        return usage(tr("--store and --no-store cannot be used together"));

    QString settingsPath = parser.value(m_settingsOpt);
    if (settingsPath.isEmpty())
        settingsPath = engine::AppSettings::findLocalSettings(workflowPath);
    if (!settingsPath.isEmpty()) {
        if (parser.isSet(m_settingsOpt) && !QFileInfo::exists(settingsPath))
            return usage(tr("--settings: %1 does not exist").arg(settingsPath));
        auto loaded = engine::AppSettings::load(settingsPath);
        if (!loaded)
            return usage(tr("--settings: %1").arg(loaded.error().toString()));
        m_settings = *loaded;
    }

    QString connectionsPath = parser.value(m_connectionsOpt);
    if (connectionsPath.isEmpty())
        connectionsPath =
            engine::RunSetup::projectFile(workflowPath, QStringLiteral("connections.json"));
    if (!connectionsPath.isEmpty()) {
        if (!QFileInfo::exists(connectionsPath))
            return usage(tr("--connections: %1 does not exist").arg(connectionsPath));
        auto loaded = engine::Connections::load(connectionsPath);
        if (!loaded)
            return usage(
                tr("--connections: %1: %2").arg(connectionsPath, loaded.error().toString()));
        m_connections = *loaded;
    }
    // The settings chosen here win over those found next to connections.json.
    if (!settingsPath.isEmpty())
        m_connections.setAppSettings(m_settings);
    return engine::success();
}

engine::Result<std::unique_ptr<engine::RunStore>>
CliProject::openStore(const QCommandLineParser& parser) const
{
    if (parser.isSet(m_noStoreOpt))
        return std::unique_ptr<engine::RunStore>();
    return engine::RunStore::open(parser.value(m_storeOpt));
}

} // namespace cli
