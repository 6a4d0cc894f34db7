#include "designer/forms/ProjectConnections.h"

#include "designer/document/WorkflowDocument.h"

#include <QFileInfo>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcConnections, "logicapp.designer.connections")

namespace designer {

ProjectConnections::ProjectConnections(WorkflowDocument* document, QObject* parent)
    : QObject(parent), m_document(document)
{
    connect(m_document, &WorkflowDocument::fileChanged, this, &ProjectConnections::onFileChanged);
    onFileChanged();
}

QString ProjectConnections::path() const
{
    return m_path;
}

void ProjectConnections::onFileChanged()
{
    const QString path = m_document->connectionsPath();
    if (path == m_path)
        return;
    const engine::Connections pending = m_connections;
    m_path = path;
    m_connections = engine::Connections();
    if (!path.isEmpty() && QFileInfo::exists(path)) {
        auto loaded = engine::Connections::load(path);
        if (loaded.ok())
            m_connections = std::move(loaded.value());
        else
            qCWarning(lcConnections) << "cannot read" << path << loaded.error().message;
    }
    if (m_pending && !path.isEmpty()) {
        // The new workflow got its file: what was created meanwhile joins
        // whatever connections.json is already there (secrets are references
        // by now).
        for (const QString& name : pending.names()) {
            if (const auto info = pending.find(name)) {
                const engine::Status s = m_connections.set(*info, nullptr);
                if (!s)
                    qCWarning(lcConnections) << "cannot keep" << name << s.error().message;
            }
        }
        const engine::Status s = write();
        if (!s)
            qCWarning(lcConnections) << "cannot write" << path << s.error().message;
        m_pending = false;
    }
    Q_EMIT changed();
}

QList<std::pair<QString, QString>> ProjectConnections::forConnector(const QString& connector) const
{
    QList<std::pair<QString, QString>> out;
    QStringList names = m_connections.names();
    // The built-in local mail catcher is always there for SMTP.
    const engine::ConnectionInfo catcher = engine::Connections::localCatcher();
    if (catcher.connector() == connector.toLower() && !names.contains(catcher.name))
        names.append(catcher.name);
    for (const QString& name : names) {
        const auto info = m_connections.find(name);
        if (info && info->connector() == connector.toLower())
            out.append({name, info->displayName});
    }
    return out;
}

bool ProjectConnections::contains(const QString& name) const
{
    return m_connections.find(name).has_value();
}

QString ProjectConnections::displayName(const QString& name) const
{
    const auto info = m_connections.find(name);
    return info ? info->displayName : QString();
}

QJsonObject ProjectConnections::parameters(const QString& name) const
{
    const auto info = m_connections.find(name);
    return info ? info->parameterValues : QJsonObject();
}

engine::Status ProjectConnections::put(const engine::ConnectionInfo& info,
                                       engine::SecretStore* secrets)
{
    engine::Connections before = m_connections;
    if (const engine::Status s = m_connections.set(info, secrets); !s) {
        m_connections = std::move(before);
        return s;
    }
    if (m_path.isEmpty()) {
        m_pending = true;
        Q_EMIT changed();
        return engine::success();
    }
    if (const engine::Status s = write(); !s) {
        m_connections = std::move(before);
        return s;
    }
    Q_EMIT changed();
    return engine::success();
}

engine::Status ProjectConnections::write()
{
    return m_connections.save(m_path);
}

} // namespace designer
