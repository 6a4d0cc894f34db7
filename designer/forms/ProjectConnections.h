#pragma once

#include "engine/connections/Connections.h"
#include "engine/core/Result.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <utility>

namespace designer {

class WorkflowDocument;

// The connections.json that belongs to the open workflow (Logic Apps
// Standard shape): which connections a step may pick, and adding or changing
// one. Written at once when the workflow has a file; for a new workflow kept
// until it is first saved, then written beside it. Holds no secret: a
// password is an @appsetting('...') reference to the secret store.
class ProjectConnections : public QObject
{
    Q_OBJECT
public:
    explicit ProjectConnections(WorkflowDocument* document, QObject* parent = nullptr);

    // connections.json now; empty while the workflow is new.
    QString path() const;
    // {name, display name} of the connections a connector's steps can use.
    QList<std::pair<QString, QString>> forConnector(const QString& connector) const;
    bool contains(const QString& name) const;
    QString displayName(const QString& name) const;
    // The connection's parameterValues as written (secrets as references).
    QJsonObject parameters(const QString& name) const;
    // Adds or replaces a connection and writes the file (or keeps it until
    // the workflow has one). Secret parameters given in plain go to
    // `secrets` and are written as @appsetting('<name>_<parameter>').
    engine::Status put(const engine::ConnectionInfo& info, engine::SecretStore* secrets);
    // The file as it is (or will be) written.
    QByteArray serialize() const { return m_connections.serialize(); }
    const engine::Connections& connections() const { return m_connections; }

Q_SIGNALS:
    void changed();

private:
    void onFileChanged();
    engine::Status write();

    WorkflowDocument* m_document;
    engine::Connections m_connections;
    QString m_path;
    bool m_pending = false; // edits not yet written (new workflow)
};

} // namespace designer
