// The designer's heap as its program sets it up first thing (StartupHeap):
// the window's backing store comes from the heap, and the heap's first growth
// is advised for transparent huge pages. Checked against what the kernel says
// of the process's mappings (/proc/self/maps and smaps), in a process whose
// main() prepares the heap as the designer's does.

#include "designer/mainwindow/StartupHeap.h"

#include <QCoreApplication>
#include <QFile>
#include <QTest>
#include <cstdint>
#include <cstdlib>
#include <memory>

using designer::StartupHeap;

namespace {

bool g_prepared = false;

struct Mapping
{
    std::uintptr_t begin = 0;
    std::uintptr_t end = 0;
    QByteArray name;
    QByteArray flags; // smaps' VmFlags
};

// The mapping that holds `address`, from /proc/self/smaps.
Mapping mappingOf(const void* address)
{
    const auto at = reinterpret_cast<std::uintptr_t>(address);
    QFile smaps(QStringLiteral("/proc/self/smaps"));
    if (!smaps.open(QIODevice::ReadOnly))
        return {};
    Mapping current;
    bool found = false;
    for (const QByteArray& line : smaps.readAll().split('\n')) {
        // A mapping's first line starts with its range, "begin-end", in hex;
        // its fields ("Size:", "VmFlags:") follow.
        const int dash = line.indexOf('-');
        const int space = line.indexOf(' ');
        if (dash > 0 && space > dash && QByteArrayView(line).first(dash).toULongLong(nullptr, 16)) {
            if (found)
                return current;
            current = {};
            current.begin = line.left(dash).toULongLong(nullptr, 16);
            current.end = line.mid(dash + 1, space - dash - 1).toULongLong(nullptr, 16);
            current.name = line.split(' ').last();
            found = current.begin <= at && at < current.end;
        } else if (line.startsWith("VmFlags:") && found) {
            current.flags = line.mid(8).trimmed();
        }
    }
    return found ? current : Mapping{};
}

struct FreeDeleter
{
    void operator()(void* p) const { std::free(p); }
};

} // namespace

class TestStartupHeap : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void backingStoreSizedBlocksComeFromTheHeap();
    void heapGrowthIsAdvisedForHugePages();
};

void TestStartupHeap::init()
{
    if (!g_prepared)
        QSKIP("The heap is not set up here (another C library, or a sanitizer's allocator).");
}

void TestStartupHeap::backingStoreSizedBlocksComeFromTheHeap()
{
    // A 1280 x 820 window's backing store, and one of a 2560 x 1600 screen.
    for (const std::size_t size : {std::size_t(1280) * 820 * 4, std::size_t(2560) * 1600 * 4}) {
        const std::unique_ptr<char, FreeDeleter> block(static_cast<char*>(std::malloc(size)));
        QVERIFY(block);
        const Mapping mapping = mappingOf(block.get());
        QVERIFY2(mapping.end > mapping.begin, "no mapping holds the block");
        QCOMPARE(mapping.name, QByteArray("[heap]"));
    }
}

void TestStartupHeap::heapGrowthIsAdvisedForHugePages()
{
    if (!QFile::exists(QStringLiteral("/sys/kernel/mm/transparent_hugepage/enabled")))
        QSKIP("This kernel has no transparent huge pages.");
    // What the program allocates first lands in the advised growth.
    const std::unique_ptr<char, FreeDeleter> block(static_cast<char*>(std::malloc(3 << 20)));
    QVERIFY(block);
    const Mapping mapping = mappingOf(block.get() + (2 << 20));
    QVERIFY2(mapping.end > mapping.begin, "no mapping holds the block");
    QCOMPARE(mapping.name, QByteArray("[heap]"));
    QVERIFY2(mapping.flags.split(' ').contains("hg"), mapping.flags.constData());
    // Whole huge pages: the advised range starts and ends on 2 MiB.
    QCOMPARE(mapping.begin % (2 << 20), std::uintptr_t(0));
}

int main(int argc, char* argv[])
{
    // As the designer's main() does, before anything else allocates much.
    g_prepared = StartupHeap::prepare();
    QCoreApplication app(argc, argv);
    TestStartupHeap test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_startupheap.moc"
