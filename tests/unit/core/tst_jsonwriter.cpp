#include "engine/core/JsonWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

// The compact writer writes exactly what QJsonDocument writes, for text kept
// in every kind of storage: ASCII octets, UTF-8 (as the JSON reader keeps
// it) and UTF-16 (as QJsonObject::insert keeps what is not ASCII).
class TestJsonWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameAsQt_data();
    void sameAsQt();
};

void TestJsonWriter::sameAsQt_data()
{
    QTest::addColumn<QJsonValue>("value");
    const QString ascii = QStringLiteral("QUJD").repeated(100000); // 400,000 characters
    const QString umlauts = QStringLiteral("äöü€").repeated(20000);
    QString controls;
    for (ushort c = 0; c < 0x20; ++c)
        controls += QChar(c);
    controls += QStringLiteral("\"\\/ end");
    const auto row = [](const char* name, const QJsonValue& built) {
        // The same tree as the JSON reader stores it.
        const QByteArray text = QJsonDocument(QJsonArray{built}).toJson(QJsonDocument::Compact);
        const QJsonValue parsed = QJsonDocument::fromJson(text).array().at(0);
        QTest::addRow("%s, built", name) << built;
        QTest::addRow("%s, parsed", name) << parsed;
    };
    row("empty object", QJsonObject());
    row("empty array", QJsonArray());
    row("long ASCII in an object", QJsonObject{{QStringLiteral("ContentData"), ascii}});
    row("long ASCII at every level",
        QJsonArray{ascii,
                   QJsonObject{{QStringLiteral("a"), QJsonArray{ascii, QJsonArray{ascii}}},
                               {QStringLiteral("b"), QJsonObject{{QStringLiteral("c"), ascii}}}}});
    row("escapes", QJsonObject{{QStringLiteral("c"), controls},
                               {QStringLiteral("long"), QString(ascii + controls + ascii)}});
    row("non-ASCII",
        QJsonObject{{QStringLiteral("u"), umlauts},
                    {QStringLiteral("mixed"), QString(ascii + QStringLiteral("é") + controls)}});
    row("lone surrogate",
        QJsonArray{QString(QStringLiteral("a") + QChar(0xd800) + QStringLiteral("b"))});
    row("question marks", QJsonObject{{QStringLiteral("q"), QString(ascii + QStringLiteral("?"))},
                                      {QStringLiteral("?"), QStringLiteral("?")}});
    row("surrogate pair", QJsonArray{QString::fromUtf8("smile \xF0\x9F\x98\x80")});
    row("keys", QJsonObject{{QString(), 1},
                            {controls, 2},
                            {QStringLiteral("Grüße"), 3},
                            {ascii, QStringLiteral("v")}});
    row("other values",
        QJsonArray{QString(), 0, -7, 1.5, 1.0, -0.0, 2.5e-5, 1e300, qint64(9007199254740993LL),
                   true, false, QJsonValue(QJsonValue::Null), QJsonObject(), QJsonArray()});
    QTest::newRow("string alone") << QJsonValue(QString(ascii + controls));
    QTest::newRow("number alone") << QJsonValue(1.25);
}

void TestJsonWriter::sameAsQt()
{
    QFETCH(QJsonValue, value);
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    const QByteArray expected = wrapped.mid(1, wrapped.size() - 2);
    const QByteArray written = engine::JsonWriter::compact(value);
    if (written != expected) {
        qsizetype i = 0;
        while (i < written.size() && i < expected.size() && written.at(i) == expected.at(i))
            ++i;
        QFAIL(qPrintable(
            QStringLiteral("differs at octet %1: ...%2... against ...%3...")
                .arg(i)
                .arg(QString::fromUtf8(written.mid(std::max<qsizetype>(0, i - 20), 40)),
                     QString::fromUtf8(expected.mid(std::max<qsizetype>(0, i - 20), 40)))));
    }
    QCOMPARE(written.size(), expected.size());
}

QTEST_GUILESS_MAIN(TestJsonWriter)
#include "tst_jsonwriter.moc"
