#include "engine/runtime/Redactor.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using engine::Redactor;

namespace {

QJsonValue json(const char* text)
{
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray("[") + text + "]");
    if (doc.isNull())
        qFatal("bad test JSON: %s", text);
    return doc.array().at(0);
}

} // namespace

class TestRedactor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void masksSecrets_data()
    {
        QTest::addColumn<QStringList>("secrets");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QJsonValue>("expected");
        QTest::newRow("secret keys, no secrets")
            << QStringList() << json(R"({"Password": "x", "a": "x", "token": null})")
            << json(R"({"Password": "****", "a": "x", "token": null})");
        QTest::newRow("nested")
            << QStringList{"s3cret"}
            << json(R"({"a": ["x s3cret y", {"b": "s3cret", "c": 1}], "d": "none"})")
            << json(R"({"a": ["x **** y", {"b": "****", "c": 1}], "d": "none"})");
        QTest::newRow("non-ASCII") << QStringList{QStringLiteral("Grüße-pw")}
                                   << json(R"({"t": "vor Grüße-pw nach", "u": "Grüße"})")
                                   << json(R"({"t": "vor **** nach", "u": "Grüße"})");
        QTest::newRow("longest first")
            << QStringList{"abc", "abcdef"} << json(R"(["xabcdefx", "abc"])")
            << json(R"(["x****x", "****"])");
        QTest::newRow("top-level string")
            << QStringList{"pw"} << QJsonValue("a pw b") << QJsonValue("a **** b");
        QTest::newRow("nothing to mask")
            << QStringList{"pw"} << json(R"({"a": ["b", {"c": true}], "n": 2.5})")
            << json(R"({"a": ["b", {"c": true}], "n": 2.5})");
        QTest::newRow("already masked key") << QStringList{"pw"} << json(R"({"password": "****"})")
                                            << json(R"({"password": "****"})");

        // Large values: the secret at the start, in the middle, at the end, absent.
        const QString filler(300000, QLatin1Char('A'));
        for (qsizetype at : {qsizetype(0), qsizetype(65535), filler.size()}) {
            const QString text = QString(filler).insert(at, QStringLiteral("hunter2"));
            const QString masked = QString(filler).insert(at, Redactor::mask());
            QTest::addRow("large, secret at %lld", (long long)at)
                << QStringList{"hunter2"}
                << QJsonValue(
                       QJsonObject{{"Attachments", QJsonArray{QJsonObject{{"ContentData", text}}}}})
                << QJsonValue(QJsonObject{
                       {"Attachments", QJsonArray{QJsonObject{{"ContentData", masked}}}}});
        }
        QTest::newRow("large, no secret")
            << QStringList{"hunter2"} << QJsonValue(QJsonArray{filler, filler})
            << QJsonValue(QJsonArray{filler, filler});
    }
    void masksSecrets()
    {
        QFETCH(QStringList, secrets);
        QFETCH(QJsonValue, value);
        QFETCH(QJsonValue, expected);
        Redactor r;
        for (const QString& s : secrets)
            r.addSecret(s);
        QCOMPARE(r.redact(value), expected);
        // The same values as a run holds them, parsed from JSON text.
        const QJsonValue parsed =
            QJsonDocument::fromJson(QJsonDocument(QJsonArray{value}).toJson()).array().at(0);
        QCOMPARE(r.redact(parsed), expected);
        if (value.isArray())
            QCOMPARE(QJsonValue(r.redact(value.toArray())), expected);
    }

    void secretsFromAnObject()
    {
        Redactor r;
        r.addSecretsFrom(json(R"({"user": "bob", "keys": ["k1", 12345]})"));
        QCOMPARE(r.redact(json(R"(["bob", "k1x", "n=12345"])")),
                 json(R"(["****", "****x", "n=****"])"));
    }
};

QTEST_GUILESS_MAIN(TestRedactor)
#include "tst_redactor.moc"
