#pragma once

// Loopback ports for the benchmarks that start postfix's smtp-sink: a free
// port to give it, and waiting until it listens there.
#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

namespace benchsupport {

inline quint16 freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

// True once something accepts connections on 127.0.0.1:`port` (about 15 s at most).
inline bool waitForPort(quint16 port)
{
    for (int i = 0; i < 100; ++i) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (socket.waitForConnected(100))
            return true;
        QThread::msleep(50);
    }
    return false;
}

} // namespace benchsupport
