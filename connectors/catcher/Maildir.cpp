#include "connectors/catcher/Maildir.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <algorithm>
#include <unistd.h>

namespace connectors::catcher {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("connectors::catcher::Maildir", text);
}

} // namespace

Maildir::Maildir(QString root) : m_root(std::move(root)) {}

QString Maildir::defaultRoot()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/mail");
}

engine::Status Maildir::ensure() const
{
    QDir dir;
    for (const char* sub : {"new", "cur", "tmp"}) {
        const QString path = m_root + QLatin1Char('/') + QLatin1String(sub);
        if (!dir.mkpath(path))
            return engine::Status::failure(QStringLiteral("dir"),
                                           tr("cannot create the mail folder %1").arg(path), 500);
    }
    return engine::success();
}

QString Maildir::uniqueName() const
{
    // Maildir naming: time, then something unique to this process and delivery.
    static QAtomicInteger<quint64> counter;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    return QStringLiteral("%1.M%2P%3Q%4.localhost.eml")
        .arg(now.toSecsSinceEpoch())
        .arg(now.time().msec() * 1000)
        .arg(::getpid())
        .arg(counter.fetchAndAddRelaxed(1) + 1);
}

engine::Result<std::unique_ptr<Maildir::Delivery>> Maildir::begin() const
{
    using R = engine::Result<std::unique_ptr<Delivery>>;
    if (auto ok = ensure(); !ok)
        return ok.error();
    const QString name = uniqueName();
    auto delivery = std::unique_ptr<Delivery>(new Delivery);
    delivery->m_file = std::make_unique<QFile>(m_root + QStringLiteral("/tmp/") + name);
    delivery->m_finalPath = m_root + QStringLiteral("/new/") + name;
    if (!delivery->m_file->open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return R::failure(QStringLiteral("dir"),
                          tr("cannot write %1: %2")
                              .arg(delivery->m_file->fileName(), delivery->m_file->errorString()),
                          500);
    return R(std::move(delivery));
}

Maildir::Delivery::~Delivery()
{
    discard();
}

bool Maildir::Delivery::write(const QByteArray& data)
{
    if (!m_file || !m_file->isOpen())
        return false;
    if (m_file->write(data) != data.size())
        return false;
    m_size += data.size();
    return true;
}

engine::Result<QString> Maildir::Delivery::commit()
{
    using R = engine::Result<QString>;
    if (!m_file || !m_file->isOpen())
        return R::failure(QString(), tr("nothing to deliver"), 500);
    const bool flushed = m_file->flush() && ::fsync(m_file->handle()) == 0;
    m_file->close();
    if (!flushed || !QFile::rename(m_file->fileName(), m_finalPath)) {
        const QString error = m_file->errorString();
        discard();
        return R::failure(QStringLiteral("dir"), tr("cannot store the message: %1").arg(error),
                          500);
    }
    m_file.reset();
    return m_finalPath;
}

void Maildir::Delivery::discard()
{
    if (!m_file)
        return;
    m_file->close();
    m_file->remove();
    m_file.reset();
}

QStringList Maildir::messages() const
{
    QFileInfoList all;
    for (const char* sub : {"cur", "new"}) {
        QDir dir(m_root + QLatin1Char('/') + QLatin1String(sub));
        all += dir.entryInfoList(QDir::Files | QDir::NoDotAndDotDot);
    }
    std::sort(all.begin(), all.end(), [](const QFileInfo& a, const QFileInfo& b) {
        const auto ta = a.lastModified(), tb = b.lastModified();
        return ta == tb ? a.fileName() < b.fileName() : ta < tb;
    });
    QStringList out;
    for (const QFileInfo& fi : all)
        out.append(fi.absoluteFilePath());
    return out;
}

} // namespace connectors::catcher
