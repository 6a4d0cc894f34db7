#include "designer/document/SettingsWriter.h"

#include <QCoreApplication>
#include <QHash>
#include <QMutex>
#include <QSettings>
#include <QThread>
#include <utility>

namespace designer {

namespace {

struct Pending
{
    QVariant value;
    quint64 serial = 0;
};

// The writer's thread, made on first use and stopped, after its last save,
// as the application object goes (qAddPostRoutine).
struct Writer
{
    QThread thread;
    QObject* context = nullptr; // lives on the thread: what runs there
};

QMutex mutex; // guards everything below
Writer* writerInstance = nullptr;
QHash<QString, Pending> pending;
quint64 lastSerial = 0;

void stopWriter()
{
    Writer* writer = nullptr;
    {
        const QMutexLocker lock(&mutex);
        writer = std::exchange(writerInstance, nullptr);
    }
    if (!writer)
        return;
    // What was posted before quit() is not all run once it is called: wait
    // for the saves first.
    QMetaObject::invokeMethod(
        writer->context, [context = writer->context] { delete context; },
        Qt::BlockingQueuedConnection);
    writer->thread.quit();
    writer->thread.wait();
    delete writer;
}

// Under `mutex`.
Writer* writerLocked()
{
    if (!writerInstance) {
        writerInstance = new Writer;
        writerInstance->thread.setObjectName(QStringLiteral("settings writer"));
        writerInstance->context = new QObject;
        writerInstance->context->moveToThread(&writerInstance->thread);
        writerInstance->thread.start(QThread::LowPriority);
        qAddPostRoutine(stopWriter);
    }
    return writerInstance;
}

// On the writer's thread: saves the latest value of every key set so far in
// one write of the file. A later call finds nothing left, or only what was
// set since.
void savePending()
{
    QHash<QString, Pending> saving;
    {
        const QMutexLocker lock(&mutex);
        saving = pending;
    }
    if (saving.isEmpty())
        return;
    {
        QSettings settings;
        for (auto it = saving.cbegin(); it != saving.cend(); ++it)
            settings.setValue(it.key(), it->value);
        settings.sync();
    }
    const QMutexLocker lock(&mutex);
    for (auto it = saving.cbegin(); it != saving.cend(); ++it) {
        if (const auto now = pending.constFind(it.key());
            now != pending.cend() && now->serial == it->serial)
            pending.erase(now);
    }
}

} // namespace

void SettingsWriter::setValue(const QString& key, const QVariant& value)
{
    if (!QCoreApplication::instance()) {
        QSettings().setValue(key, value);
        return;
    }
    const QMutexLocker lock(&mutex);
    pending.insert(key, {value, ++lastSerial});
    QMetaObject::invokeMethod(writerLocked()->context, &savePending, Qt::QueuedConnection);
}

QVariant SettingsWriter::value(const QString& key, const QVariant& fallback)
{
    {
        const QMutexLocker lock(&mutex);
        if (const auto it = pending.constFind(key); it != pending.cend())
            return it->value;
    }
    return QSettings().value(key, fallback);
}

void SettingsWriter::flush()
{
    QObject* context = nullptr;
    {
        const QMutexLocker lock(&mutex);
        if (writerInstance)
            context = writerInstance->context;
    }
    // The writer's own thread cannot wait for itself.
    if (context && QThread::currentThread() != context->thread())
        QMetaObject::invokeMethod(
            context, [] {}, Qt::BlockingQueuedConnection);
}

} // namespace designer
