#include "engine/connections/KeychainSecretStore.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QLoggingCategory>
#include <qt6keychain/keychain.h>

namespace engine {

Q_LOGGING_CATEGORY(lcKeychain, "logicapp.secrets")

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("engine::KeychainSecretStore", text);
}

// Runs a QtKeychain job to completion.
void runJob(QKeychain::Job& job)
{
    job.setAutoDelete(false);
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.start();
    loop.exec(QEventLoop::ExcludeUserInputEvents);
}

Error keychainError(const QKeychain::Job& job, const QString& key)
{
    switch (job.error()) {
    case QKeychain::EntryNotFound:
        return Error{key, tr("no secret is stored in the OS keychain"), 404};
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return Error{key, tr("the OS keychain refused access: %1").arg(job.errorString()), 403};
    case QKeychain::NoBackendAvailable:
        return Error{key,
                     tr("no OS keychain is available (%1); use an app setting or environment "
                        "variable instead")
                         .arg(job.errorString()),
                     500};
    default:
        return Error{key, tr("the OS keychain failed: %1").arg(job.errorString()), 500};
    }
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QString service) : m_service(std::move(service)) {}

Result<QString> KeychainSecretStore::read(const QString& key) const
{
    QKeychain::ReadPasswordJob job(m_service);
    job.setKey(key);
    runJob(job);
    if (job.error() != QKeychain::NoError) {
        qCDebug(lcKeychain) << "keychain read failed for" << key << job.error();
        return keychainError(job, key);
    }
    return job.textData();
}

Status KeychainSecretStore::write(const QString& key, const QString& value)
{
    if (key.isEmpty())
        return Error{QStringLiteral("key"), tr("a secret needs a key"), 400};
    QKeychain::WritePasswordJob job(m_service);
    job.setKey(key);
    job.setTextData(value);
    runJob(job);
    if (job.error() != QKeychain::NoError)
        return keychainError(job, key);
    return success();
}

Status KeychainSecretStore::remove(const QString& key)
{
    QKeychain::DeletePasswordJob job(m_service);
    job.setKey(key);
    runJob(job);
    if (job.error() != QKeychain::NoError && job.error() != QKeychain::EntryNotFound)
        return keychainError(job, key);
    return success();
}

QString KeychainSecretStore::name() const
{
    return tr("OS keychain");
}

} // namespace engine
