#include "engine/catalogue/ConnectionTester.h"

#include <QHash>
#include <QMutex>

namespace engine {
namespace {

// Registered once at start-up and read afterwards; the mutex keeps a test
// that registers its own tester safe.
struct Registry
{
    QMutex mutex;
    QHash<QString, ConnectionTester::Factory> factories;
};

Registry& registry()
{
    static Registry instance;
    return instance;
}

} // namespace

void ConnectionTester::registerFactory(const QString& connector, Factory factory)
{
    Registry& r = registry();
    QMutexLocker lock(&r.mutex);
    r.factories.insert(connector, std::move(factory));
}

bool ConnectionTester::has(const QString& connector)
{
    Registry& r = registry();
    QMutexLocker lock(&r.mutex);
    return r.factories.contains(connector);
}

std::unique_ptr<ConnectionTester> ConnectionTester::create(const QString& connector,
                                                           const QJsonObject& connection)
{
    Factory factory;
    {
        Registry& r = registry();
        QMutexLocker lock(&r.mutex);
        factory = r.factories.value(connector);
    }
    if (!factory)
        return nullptr;
    return factory(connection);
}

} // namespace engine
