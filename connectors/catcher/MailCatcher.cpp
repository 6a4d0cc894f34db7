#include "connectors/catcher/MailCatcher.h"

#include "connectors/catcher/CatcherCertificate.h"
#include "connectors/catcher/SmtpSession.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcCatcher, "logicapp.catcher")

namespace connectors::catcher {
namespace {

constexpr int MaxSessions = 100;

} // namespace

MailCatcher::MailCatcher(Options options, QObject* parent)
    : QTcpServer(parent), m_options(std::move(options)),
      m_maildir(m_options.dir.isEmpty() ? Maildir::defaultRoot() : m_options.dir)
{
    m_options.dir = m_maildir.root();
}

MailCatcher::~MailCatcher()
{
    close();
    // Sessions are children that count themselves out in their destructor;
    // delete them while this object is still whole (QObject would do it later).
    qDeleteAll(findChildren<SmtpSession*>(Qt::FindDirectChildrenOnly));
}

bool MailCatcher::start()
{
    if (auto ok = m_maildir.ensure(); !ok) {
        m_error = ok.error().message;
        return false;
    }
    m_error.clear();
    if (m_options.startTls && m_certificate.isNull()) {
        auto cert = CatcherCertificate::ensure(m_options.dir, m_options.hostName);
        if (!cert) {
            qCWarning(lcCatcher) << "STARTTLS not offered:" << cert.error().toString();
        } else {
            m_certificate = cert->certificate;
            m_key = cert->key;
        }
    }
    if (!listen(QHostAddress::LocalHost, m_options.port))
        return false;
    qCInfo(lcCatcher) << "catching mail on 127.0.0.1:" << serverPort() << "into"
                      << m_maildir.root();
    return true;
}

void MailCatcher::incomingConnection(qintptr descriptor)
{
    auto* socket = new QSslSocket;
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    if (m_sessions >= MaxSessions) {
        socket->write("421 4.7.0 Too many connections, try later\r\n");
        socket->disconnectFromHost();
        connect(socket, &QSslSocket::disconnected, socket, &QObject::deleteLater);
        return;
    }
    new SmtpSession(socket, this);
}

} // namespace connectors::catcher
