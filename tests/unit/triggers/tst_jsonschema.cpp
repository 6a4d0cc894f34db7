#include "connectors/request/JsonSchema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using connectors::request::JsonSchema;

namespace {

QJsonValue parse(const QByteArray& text)
{
    const QJsonDocument doc = QJsonDocument::fromJson("[" + text + "]");
    return doc.array().at(0);
}

} // namespace

class TestJsonSchema : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validate_data()
    {
        QTest::addColumn<QByteArray>("schema");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("field"); // empty: valid
        const QByteArray lead = R"({"type":"object","required":["Email","LastName"],
            "properties":{"Email":{"type":"string","minLength":3},"LastName":{"type":"string"},
            "Score":{"type":"integer","minimum":0,"maximum":100},
            "Status":{"type":"string","enum":["Open","Closed"]},
            "Tags":{"type":"array","items":{"type":"string"},"maxItems":2},
            "Address":{"type":"object","properties":{"City":{"type":["string","null"]}},
                       "additionalProperties":false}}})";
        QTest::newRow("valid") << lead << QByteArray(R"({"Email":"a@b","LastName":"Doe"})") << "";
        QTest::newRow("valid full")
            << lead << QByteArray(R"({"Email":"a@b","LastName":"Doe","Score":7,"Status":"Open",
                             "Tags":["x"],"Address":{"City":null},"Extra":1})")
            << "";
        QTest::newRow("not an object") << lead << QByteArray("[1]") << "body";
        QTest::newRow("missing required")
            << lead << QByteArray(R"({"Email":"a@b"})") << "body.LastName";
        QTest::newRow("wrong type")
            << lead << QByteArray(R"({"Email":5,"LastName":"D"})") << "body.Email";
        QTest::newRow("too short")
            << lead << QByteArray(R"({"Email":"a","LastName":"D"})") << "body.Email";
        QTest::newRow("integer wanted")
            << lead << QByteArray(R"({"Email":"a@b","LastName":"D","Score":1.5})") << "body.Score";
        QTest::newRow("over maximum")
            << lead << QByteArray(R"({"Email":"a@b","LastName":"D","Score":101})") << "body.Score";
        QTest::newRow("enum") << lead
                              << QByteArray(R"({"Email":"a@b","LastName":"D","Status":"Lost"})")
                              << "body.Status";
        QTest::newRow("item type")
            << lead << QByteArray(R"({"Email":"a@b","LastName":"D","Tags":["a",2]})")
            << "body.Tags[1]";
        QTest::newRow("too many items")
            << lead << QByteArray(R"({"Email":"a@b","LastName":"D","Tags":["a","b","c"]})")
            << "body.Tags";
        QTest::newRow("additional property")
            << lead << QByteArray(R"({"Email":"a@b","LastName":"D","Address":{"Zip":"1"}})")
            << "body.Address.Zip";
        QTest::newRow("type list")
            << lead << QByteArray(R"({"Email":"a@b","LastName":"D","Address":{"City":3}})")
            << "body.Address.City";
        QTest::newRow("number accepts integer")
            << QByteArray(R"({"type":"number"})") << QByteArray("3") << "";
        QTest::newRow("empty schema accepts anything")
            << QByteArray("{}") << QByteArray("null") << "";
        QTest::newRow("array root") << QByteArray(R"({"type":"array","items":{"type":"object",
                                           "required":["id"]}})")
                                    << QByteArray(R"([{"id":1},{}])") << "body[1].id";
    }

    void validate()
    {
        QFETCH(QByteArray, schema);
        QFETCH(QByteArray, value);
        QFETCH(QString, field);
        const QJsonObject s = QJsonDocument::fromJson(schema).object();
        QVERIFY(!s.isEmpty() || schema == "{}");
        const auto problem = JsonSchema::validate(parse(value), s);
        if (field.isEmpty()) {
            QVERIFY2(!problem, qPrintable(problem ? problem->toString() : QString()));
        } else {
            QVERIFY(problem.has_value());
            QCOMPARE(problem->field, field);
            QVERIFY(!problem->message.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestJsonSchema)
#include "tst_jsonschema.moc"
