#pragma once

#include <QObject>
#include <QSocketNotifier>
#include <memory>

namespace cli {

// Turns SIGINT and SIGTERM into a Qt signal in the event loop (the handler only
// writes a byte to a socket pair, the one thing it may safely do), so
// long-running verbs stop cleanly.
class StopSignals : public QObject
{
    Q_OBJECT
public:
    explicit StopSignals(QObject* parent = nullptr);
    ~StopSignals() override;

Q_SIGNALS:
    void stopRequested(int signalNumber);

private:
    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace cli
