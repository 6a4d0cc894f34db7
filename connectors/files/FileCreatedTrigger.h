#pragma once

#include "engine/catalogue/Job.h"

#include <QFileSystemWatcher>
#include <QHash>
#include <QRegularExpression>
#include <QTimer>

namespace connectors::files {

// "When a file is created": fires once per new file in a folder whose name
// matches a pattern. QFileSystemWatcher wakes it, a periodic scan backs the
// watcher up, and the paths already seen are kept in a small state file, so
// files that arrive while the program is not running fire on the next start.
// A file fires once its size has stopped changing between two looks.
class FileCreatedTrigger : public engine::TriggerSource
{
    Q_OBJECT
    Q_PROPERTY(QString workflowName READ workflowName WRITE setWorkflowName)
    Q_PROPERTY(QString stateDirectory READ stateDirectory WRITE setStateDirectory)
public:
    explicit FileCreatedTrigger(QObject* parent = nullptr);

    bool start(const QJsonObject& trigger, const engine::JobContext& context,
               QString* errorMessage) override;
    void stop() override;

    QString workflowName() const { return m_workflow; }
    void setWorkflowName(const QString& name) { m_workflow = name; }
    QString stateDirectory() const { return m_stateDir; }
    void setStateDirectory(const QString& dir) { m_stateDir = dir; }
    // How long a new file must keep its size before it fires.
    void setSettleDelay(int ms) { m_settleMs = ms; }
    QString stateFile() const;

public Q_SLOTS:
    // Looks at the folder now (the watcher and the timer call it too).
    void scan();

private:
    QHash<QString, qint64> listFiles() const; // path -> size
    void saveState();
    void fire(const QString& path);

    QString m_workflow;
    QString m_trigger;
    QString m_stateDir;
    QString m_folder;
    QRegularExpression m_pattern;
    bool m_recursive = false;
    bool m_includeContent = false;
    QHash<QString, qint64> m_seen;    // path -> size when it fired or was known
    QHash<QString, qint64> m_pending; // new, size at the last look
    QFileSystemWatcher m_watcher;
    QTimer m_poll;
    QTimer m_settle;
    int m_settleMs = 300;
    bool m_running = false;
};

} // namespace connectors::files
