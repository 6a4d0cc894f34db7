#include "connectors/files/FileCreatedTrigger.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QStandardPaths>

Q_LOGGING_CATEGORY(lcFiles, "logicapp.files")

namespace connectors::files {
namespace {

constexpr qint64 MaxContentBytes = 50 * 1024 * 1024;

qint64 intervalMs(const QJsonObject& recurrence)
{
    const QString unit = recurrence.value(QStringLiteral("frequency")).toString();
    const int n = std::max(1, recurrence.value(QStringLiteral("interval")).toInt(10));
    qint64 ms = 1000;
    if (unit.compare(QLatin1String("Minute"), Qt::CaseInsensitive) == 0)
        ms = 60 * 1000;
    else if (unit.compare(QLatin1String("Hour"), Qt::CaseInsensitive) == 0)
        ms = 3600 * 1000;
    return std::min<qint64>(ms * n, 24LL * 3600 * 1000);
}

} // namespace

FileCreatedTrigger::FileCreatedTrigger(QObject* parent) : engine::TriggerSource(parent)
{
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, [this] {
        if (!m_settle.isActive())
            m_settle.start(m_settleMs);
    });
    connect(&m_poll, &QTimer::timeout, this, &FileCreatedTrigger::scan);
    m_settle.setSingleShot(true);
    connect(&m_settle, &QTimer::timeout, this, &FileCreatedTrigger::scan);
}

QString FileCreatedTrigger::stateFile() const
{
    const QString dir = m_stateDir.isEmpty()
                            ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
                                  QStringLiteral("/triggers")
                            : m_stateDir;
    return dir + QLatin1Char('/') +
           (m_workflow.isEmpty() ? QStringLiteral("workflow") : m_workflow) + QLatin1Char('.') +
           m_trigger + QStringLiteral(".files.json");
}

bool FileCreatedTrigger::start(const QJsonObject& trigger, const engine::JobContext& context,
                               QString* errorMessage)
{
    auto fail = [errorMessage](const QString& message) {
        if (errorMessage)
            *errorMessage = message;
        return false;
    };
    m_trigger = context.stepName.isEmpty() ? QStringLiteral("trigger") : context.stepName;
    const QJsonObject inputs = trigger.value(QStringLiteral("inputs")).toObject();
    const QString folder = inputs.value(QStringLiteral("folderPath")).toString().trimmed();
    if (folder.isEmpty())
        return fail(QStringLiteral("inputs.folderPath: ") +
                    tr("is empty; choose the folder to watch"));
    const QFileInfo info(QDir::cleanPath(QDir::fromNativeSeparators(folder)));
    if (!info.isDir())
        return fail(QStringLiteral("inputs.folderPath: ") +
                    tr("'%1' is not a folder on this computer").arg(folder));
    m_folder = info.absoluteFilePath();
    QString filter = inputs.value(QStringLiteral("filter")).toString().trimmed();
    if (filter.isEmpty())
        filter = QStringLiteral("*");
    m_pattern = QRegularExpression(QRegularExpression::wildcardToRegularExpression(
                                       filter, QRegularExpression::UnanchoredWildcardConversion),
                                   QRegularExpression::CaseInsensitiveOption);
    m_pattern.setPattern(QStringLiteral("^(?:") + m_pattern.pattern() + QStringLiteral(")$"));
    if (!m_pattern.isValid())
        return fail(QStringLiteral("inputs.filter: ") +
                    tr("'%1' is not a file name pattern").arg(filter));
    m_recursive = inputs.value(QStringLiteral("includeSubfolders")).toBool(false);
    m_includeContent = inputs.value(QStringLiteral("includeContent")).toBool(false);

    // What was seen before: files that arrived since then fire now. On the
    // very first start, what is already there is the baseline, not new.
    m_seen.clear();
    m_pending.clear();
    QFile state(stateFile());
    if (state.open(QIODevice::ReadOnly)) {
        const QJsonObject o = QJsonDocument::fromJson(state.readAll()).object();
        const QJsonObject seen = o.value(QStringLiteral("seen")).toObject();
        for (auto it = seen.constBegin(); it != seen.constEnd(); ++it)
            m_seen.insert(it.key(), qint64(it.value().toDouble()));
    } else {
        m_seen = listFiles();
        saveState();
    }

    m_watcher.addPath(m_folder);
    if (m_recursive) {
        QDirIterator it(m_folder, QDir::Dirs | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        while (it.hasNext())
            m_watcher.addPath(it.next());
    }
    m_poll.start(int(intervalMs(trigger.value(QStringLiteral("recurrence")).toObject())));
    m_running = true;
    qCInfo(lcFiles) << "watching" << m_folder << "for" << filter;
    scan();
    return true;
}

void FileCreatedTrigger::stop()
{
    m_running = false;
    m_poll.stop();
    m_settle.stop();
    if (!m_watcher.directories().isEmpty())
        m_watcher.removePaths(m_watcher.directories());
}

QHash<QString, qint64> FileCreatedTrigger::listFiles() const
{
    QHash<QString, qint64> out;
    QDirIterator it(m_folder, QDir::Files | QDir::NoDotAndDotDot | QDir::Hidden,
                    m_recursive ? QDirIterator::Subdirectories : QDirIterator::NoIteratorFlags);
    while (it.hasNext()) {
        it.next();
        const QFileInfo fi = it.fileInfo();
        if (m_pattern.match(fi.fileName()).hasMatch())
            out.insert(fi.absoluteFilePath(), fi.size());
    }
    return out;
}

void FileCreatedTrigger::scan()
{
    if (!m_running)
        return;
    const QHash<QString, qint64> now = listFiles();
    bool changed = false;
    bool waiting = false;
    // Forget files that went away, so a file created again fires again.
    for (auto it = m_seen.begin(); it != m_seen.end();) {
        if (!now.contains(it.key())) {
            it = m_seen.erase(it);
            changed = true;
        } else {
            ++it;
        }
    }
    QStringList ready;
    for (auto it = now.constBegin(); it != now.constEnd(); ++it) {
        if (m_seen.contains(it.key()))
            continue;
        const auto pending = m_pending.constFind(it.key());
        if (pending != m_pending.constEnd() && pending.value() == it.value()) {
            ready.append(it.key());
        } else {
            m_pending.insert(it.key(), it.value());
            waiting = true;
        }
    }
    ready.sort(); // a predictable order when several arrive together
    for (const QString& path : std::as_const(ready)) {
        m_pending.remove(path);
        m_seen.insert(path, now.value(path));
        changed = true;
    }
    if (changed)
        saveState();
    for (const QString& path : std::as_const(ready))
        fire(path);
    if (m_recursive) {
        QDirIterator it(m_folder, QDir::Dirs | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString dir = it.next();
            if (!m_watcher.directories().contains(dir))
                m_watcher.addPath(dir);
        }
    }
    if (waiting)
        m_settle.start(m_settleMs);
}

void FileCreatedTrigger::fire(const QString& path)
{
    const QFileInfo fi(path);
    QJsonObject body{
        {QStringLiteral("path"), fi.absoluteFilePath()},
        {QStringLiteral("name"), fi.fileName()},
        {QStringLiteral("folder"), fi.absolutePath()},
        {QStringLiteral("size"), double(fi.size())},
        {QStringLiteral("lastModified"), fi.lastModified().toUTC().toString(Qt::ISODateWithMs)}};
    if (m_includeContent) {
        QFile file(path);
        if (fi.size() <= MaxContentBytes && file.open(QIODevice::ReadOnly))
            body.insert(QStringLiteral("contentBase64"),
                        QString::fromLatin1(file.readAll().toBase64()));
    }
    qCInfo(lcFiles) << "new file" << path;
    Q_EMIT fired(
        QJsonObject{{QStringLiteral("headers"), QJsonObject{}}, {QStringLiteral("body"), body}});
}

void FileCreatedTrigger::saveState()
{
    QJsonObject seen;
    for (auto it = m_seen.constBegin(); it != m_seen.constEnd(); ++it)
        seen.insert(it.key(), double(it.value()));
    const QString path = stateFile();
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(QJsonDocument(QJsonObject{{QStringLiteral("folder"), m_folder},
                                             {QStringLiteral("seen"), seen}})
                       .toJson()) < 0 ||
        !file.commit())
        Q_EMIT failed(tr("cannot save the list of seen files to %1").arg(path));
}

} // namespace connectors::files
