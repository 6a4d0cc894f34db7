#include "tests/support/ScriptedSmtpServer.h"

#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>

namespace testsupport {

struct ScriptedSmtpServer::Conn
{
    QSslSocket* socket = nullptr;
    QStringList script;
    int index = 0;
    QByteArray in;
    bool waiting = false; // a timer or handshake is pending
    bool done = false;
    bool inData = false;
    QByteArray data;
};

namespace {

QByteArray unescape(const QString& s)
{
    QByteArray out;
    const QByteArray in = s.toUtf8();
    for (qsizetype i = 0; i < in.size(); ++i) {
        if (in[i] == '\\' && i + 1 < in.size()) {
            const char n = in[++i];
            out.append(n == 'r' ? '\r' : n == 'n' ? '\n' : n == '0' ? '\0' : n);
        } else {
            out.append(in[i]);
        }
    }
    return out;
}

} // namespace

ScriptedSmtpServer::ScriptedSmtpServer(QObject* parent) : QTcpServer(parent) {}

ScriptedSmtpServer::~ScriptedSmtpServer() = default;

bool ScriptedSmtpServer::start()
{
    return listen(QHostAddress::LocalHost, 0);
}

void ScriptedSmtpServer::addScript(const QStringList& lines)
{
    m_scripts.push_back(lines);
    ++m_totalScripts;
}

void ScriptedSmtpServer::setCertificate(const QSslCertificate& cert, const QSslKey& key)
{
    m_cert = cert;
    m_key = key;
}

bool ScriptedSmtpServer::allDone() const
{
    return m_failure.isEmpty() && m_scripts.empty() && m_finishedScripts == m_totalScripts;
}

void ScriptedSmtpServer::incomingConnection(qintptr handle)
{
    auto* socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(handle)) {
        delete socket;
        return;
    }
    ++m_connections;
    if (m_scripts.empty()) {
        m_failure = QStringLiteral("unexpected connection #%1 (no script left)").arg(m_connections);
        socket->abort();
        socket->deleteLater();
        return;
    }
    ++m_open;
    // Owned by the server, so that connections still open when the server is
    // destroyed go with it.
    Conn* c = m_conns.emplace_back(std::make_unique<Conn>()).get();
    c->socket = socket;
    c->script = m_scripts.front();
    m_scripts.pop_front();
    if (!m_cert.isNull()) {
        QSslConfiguration conf = socket->sslConfiguration();
        conf.setLocalCertificate(m_cert);
        conf.setPrivateKey(m_key);
        conf.setPeerVerifyMode(QSslSocket::VerifyNone);
        socket->setSslConfiguration(conf);
    }
    connect(socket, &QSslSocket::readyRead, this, [this, c] {
        c->in.append(c->socket->readAll());
        if (c->done) {
            // After the script: keep what the client still says, for asserts.
            qsizetype nl;
            while ((nl = c->in.indexOf("\r\n")) >= 0) {
                m_clientLines.append(QString::fromUtf8(c->in.left(nl)));
                c->in.remove(0, nl + 2);
            }
            return;
        }
        if (!c->waiting)
            step(c);
    });
    connect(socket, &QSslSocket::encrypted, this, [this, c] {
        c->waiting = false;
        step(c);
    });
    connect(socket, &QSslSocket::disconnected, this, [this, c, socket] {
        --m_open;
        if (!c->done) {
            // A client that closes when the script says "P" or at the end is fine.
            bool onlyClosing = true; // what is left may only be "P" or "X"
            for (int i = c->index; i < c->script.size(); ++i)
                onlyClosing = onlyClosing && (c->script.at(i) == QLatin1String("P") ||
                                              c->script.at(i) == QLatin1String("X"));
            if (!onlyClosing && m_failure.isEmpty())
                m_failure = QStringLiteral("client closed before script line %1 (%2)")
                                .arg(c->index)
                                .arg(c->script.at(c->index));
            else
                ++m_finishedScripts;
            c->done = true;
        }
        socket->deleteLater();
    });
    // Gone with the socket, not before: a wait ("W") ends on the socket's
    // timer, which may fire between the client's close and the deletion.
    connect(socket, &QObject::destroyed, this, [this, c] {
        std::erase_if(m_conns, [c](const std::unique_ptr<Conn>& conn) { return conn.get() == c; });
    });
    step(c);
}

void ScriptedSmtpServer::fail(Conn* c, const QString& why)
{
    if (m_failure.isEmpty())
        m_failure = why;
    c->done = true;
    c->socket->abort();
}

void ScriptedSmtpServer::step(Conn* c)
{
    while (!c->done && c->index < c->script.size()) {
        const QString line = c->script.at(c->index);
        if (line.startsWith(QLatin1String("S: ")) || line == QLatin1String("S:")) {
            c->socket->write(line.mid(3).toUtf8() + "\r\n");
            ++c->index;
        } else if (line.startsWith(QLatin1String("R: "))) {
            c->socket->write(unescape(line.mid(3)));
            ++c->index;
        } else if (line.startsWith(QLatin1String("C:"))) {
            const qsizetype nl = c->in.indexOf("\r\n");
            if (nl < 0)
                return;
            const QString got = QString::fromUtf8(c->in.left(nl));
            c->in.remove(0, nl + 2);
            m_clientLines.append(got);
            const QString want = line.mid(3);
            if (want != QLatin1String("*") && got != want) {
                fail(c, QStringLiteral("script line %1: expected \"%2\", got \"%3\"")
                            .arg(c->index)
                            .arg(want, got));
                return;
            }
            ++c->index;
        } else if (line == QLatin1String("D")) {
            qsizetype pos = 0;
            bool ended = false;
            while (true) {
                const qsizetype nl = c->in.indexOf("\r\n", pos);
                if (nl < 0)
                    break;
                const QByteArrayView l(c->in.constData() + pos, nl - pos);
                pos = nl + 2;
                if (l == ".") {
                    ended = true;
                    break;
                }
                c->data.append(l.data(), l.size());
                c->data.append("\r\n", 2);
            }
            c->in.remove(0, pos);
            if (!ended)
                return;
            m_data.append(c->data);
            c->data.clear();
            ++c->index;
        } else if (line.startsWith(QLatin1String("W: "))) {
            ++c->index;
            c->waiting = true;
            QTimer::singleShot(line.mid(3).toInt(), c->socket, [this, c] {
                c->waiting = false;
                step(c);
            });
            return;
        } else if (line == QLatin1String("T")) {
            ++c->index;
            c->waiting = true;
            c->socket->startServerEncryption();
            return;
        } else if (line == QLatin1String("X")) {
            ++c->index;
            c->done = true;
            ++m_finishedScripts;
            c->socket->disconnectFromHost();
            return;
        } else if (line == QLatin1String("P")) {
            return; // silent; the client is expected to give up and close
        } else {
            fail(c, QStringLiteral("bad script line \"%1\"").arg(line));
            return;
        }
    }
    if (!c->done && c->index >= c->script.size()) {
        c->done = true;
        ++m_finishedScripts;
    }
}

} // namespace testsupport
