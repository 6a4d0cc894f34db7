#include "engine/expressions/ExpressionCache.h"
#include "engine/expressions/Expressions.h"
#include "engine/expressions/StaticContext.h"
#include "tests/support/FakeClock.h"

#include <QCborMap>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>
#include <atomic>
#include <thread>
#include <vector>

using engine::StaticContext;

namespace {

// Expected values are written as JSON text; any JSON value may stand alone.
QJsonValue fromJson(const QString& text)
{
    QJsonParseError error;
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray("[") + text.toUtf8() + QByteArray("]"), &error);
    if (error.error != QJsonParseError::NoError || doc.array().size() != 1)
        qFatal("bad JSON in test table: %s", qPrintable(text));
    return doc.array().at(0);
}

QString toJson(const QJsonValue& v)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact))
        .mid(1)
        .chopped(1);
}

// JSON text with <LONG> (300,000 ASCII base64 characters) and <UMLAUTS>
// (100,000 non-ASCII characters) written in, for strings far longer than any
// buffer or piece their text may be read in.
QString withLongStrings(QString text)
{
    static const QString ascii = QStringLiteral("QUJD").repeated(75000);
    static const QString umlauts = QStringLiteral("äöü€").repeated(25000);
    text.replace(QLatin1String("<LONG>"), ascii);
    text.replace(QLatin1String("<UMLAUTS>"), umlauts);
    return text;
}

// A tree as the JSON reader makes it (ASCII text kept as its octets, other
// text as UTF-8) and the same tree built member by member (other text kept as
// UTF-16): the values are read from both kinds of storage.
QList<std::pair<const char*, QJsonValue>> bothStorages(const QJsonValue& parsed)
{
    return {{"parsed", parsed}, {"built", QJsonValue::fromVariant(parsed.toVariant())}};
}

} // namespace

class TestExpressions : public QObject
{
    Q_OBJECT

private:
    testsupport::FakeClock m_clock{QDateTime(QDate(2026, 1, 5), QTime(9, 0, 0, 123), Qt::UTC)};
    StaticContext m_context;

private Q_SLOTS:
    void initTestCase();
    void evaluate_data();
    void evaluate();
    void errors_data();
    void errors();
    void checkSyntax_data();
    void checkSyntax();
    void checkSyntaxOfTreeNamesThePath();
    void isExpression_data();
    void isExpression();
    void isExpressionReadsInPlace_data();
    void isExpressionReadsInPlace();
    void referencedActions_data();
    void referencedActions();
    void rename_data();
    void rename();
    void renameInTree();
    void conditions_data();
    void conditions();
    void conditionErrors_data();
    void conditionErrors();
    void evaluateValueWalksTheTree();
    void evaluateValueNamesTheFailingField();
    void evaluateValueReadsLongStringsInPlace_data();
    void evaluateValueReadsLongStringsInPlace();
    void checkSyntaxOfTreeReadsLongStringsInPlace_data();
    void checkSyntaxOfTreeReadsLongStringsInPlace();
    void referencedActionsOfTreeReadsLongStringsInPlace();
    void clockIsInjected();
    void guidFormats_data();
    void guidFormats();
    void parsedOnceThenCached();
    void expressionKinds();
    void deepNestingIsRefused();
    void evaluatesFromManyThreads();
    void formData_data();
    void formData();
};

// Raw string literals below are beyond what moc tokenizes; it only needs the class above.
#ifndef Q_MOC_RUN

void TestExpressions::initTestCase()
{
    m_context.setClock(&m_clock);
    QJsonObject trigger = fromJson(QStringLiteral(R"({
        "name": "manual",
        "startTime": "2026-01-05T08:59:00Z",
        "outputs": {
            "headers": {"Content-Type": "application/json"},
            "body": {
                "name": "Ada Lovelace", "email": "ada@example.com", "count": 3, "price": 2.5,
                "tags": ["a", "b", "c"], "nested": {"Inner": {"value": 42}},
                "empty": "", "nothing": null, "flag": true, "when": "2026-03-15T13:45:30Z",
                "leads": [{"Id": "L1"}, {"Id": "L2"}]
            }
        }})"))
                              .toObject();
    m_context.setTrigger(trigger);
    m_context.setActionBody(QStringLiteral("Get_lead"),
                            fromJson(QStringLiteral(R"({"Id": "00Q1", "Email": "lead@example.com",
                                "Company": "Contoso", "Score": 75})")));
    m_context.setActionBody(QStringLiteral("Send email"),
                            fromJson(QStringLiteral(R"({"messageId": "m1"})")));
    m_context.setVariable(QStringLiteral("counter"), 5);
    m_context.setVariable(QStringLiteral("list"), QJsonArray{1, 2, 3});
    m_context.setVariable(QStringLiteral("greeting"), QStringLiteral("hello"));
    m_context.setParameter(QStringLiteral("recipient"), QStringLiteral("ops@example.com"));
    m_context.setParameter(QStringLiteral("limit"), 10);
    m_context.setAppSetting(QStringLiteral("SMTP_HOST"), QStringLiteral("127.0.0.1"));
    m_context.setItem(QStringLiteral("For_each"),
                      fromJson(QStringLiteral(R"({"id": 7, "name": "seven"})")));
    m_context.setResult(
        QStringLiteral("Scope"),
        fromJson(QStringLiteral(R"([{"name": "A", "status": "Succeeded"}])")).toArray());
    m_context.setWorkflow(
        fromJson(QStringLiteral(R"({"name": "lead-to-email", "run": {"name": "run-1"}})"))
            .toObject());
    m_context.setIterationIndex(QStringLiteral("Until_done"), 2);
    m_context.setAction(QStringLiteral("Get_form"),
                        fromJson(QStringLiteral(R"({"status": "Succeeded", "outputs": {
            "headers": {"Content-Type": "application/x-www-form-urlencoded"},
            "body": "a=1&b=x%20y&b=z"}})"))
                            .toObject());
    m_context.setCurrentAction(
        fromJson(
            QStringLiteral(
                R"({"name": "Until_done", "status": "Running", "outputs": {"body": {"done": false}}})"))
            .toObject());
}

void TestExpressions::evaluate_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); // JSON

    auto row = [](const char* text, const char* expected) {
        QTest::newRow(text) << QString::fromUtf8(text) << QString::fromUtf8(expected);
    };

    // Literals, escapes and the forms of a string value.
    row("plain text", R"("plain text")");
    row("bob@example.com", R"("bob@example.com")");
    row("@@literal", R"("@literal")");
    row("@@{not an expression}", R"("@{not an expression}")");
    row("@", R"("@")");
    row(" @,,}", R"(" @,,}")");
    row("a @@{b} @{'c'}", R"("a @{b} c")");
    row("@'text'", R"("text")");
    row("@'don''t'", "\"don't\"");
    row("@''", R"("")");
    row("@42", "42");
    row("@-51", "-51");
    row("@+54", "54");
    row("@+1.", "1");
    row("@-01.0", "-1");
    row("@0.5", "0.5");
    row("@.5", "0.5");
    row("@3e1", "30");
    row("@3.2e-1", "0.32");
    row("@true", "true");
    row("@false", "false");
    row("@null", "null");
    row("@ concat( 'a' , 'b' )", R"("ab")");

    // Interpolation: always a string; non-strings as Logic Apps prints them.
    row("Hello @{triggerBody()?['name']}!", R"("Hello Ada Lovelace!")");
    row("@{'a'}@{'b'}@{'c'}", R"("abc")");
    row("n=@{triggerBody()?['count']}", R"("n=3")");
    row("p=@{triggerBody()?['price']}", R"("p=2.5")");
    row("f=@{triggerBody()?['flag']}", R"("f=True")");
    row("x=@{false}", R"("x=False")");
    row("z=@{triggerBody()?['nothing']}.", R"("z=.")");
    row("o=@{triggerBody()?['nested']}", "\"o={\\\"Inner\\\":{\\\"value\\\":42}}\"");
    row("t=@{triggerBody()?['tags']}", "\"t=[\\\"a\\\",\\\"b\\\",\\\"c\\\"]\"");
    row("@{triggerBody()?['count']}", R"("3")");
    row("@{3e1}", R"("30")");
    row("@{ '}' }", R"("}")");
    row("@{concat('a', '}')} and @{'{'}", R"("a} and {")");

    // Whole values keep their type.
    row("@triggerBody()?['count']", "3");
    row("@triggerBody()?['tags']", R"(["a","b","c"])");
    row("@triggerBody()?['nested']", R"({"Inner":{"value":42}})");

    // Access: .prop, ['prop'], [0], null-safe, case-insensitive names.
    row("@triggerBody().name", R"("Ada Lovelace")");
    row("@triggerBody()['email']", R"("ada@example.com")");
    row("@triggerBody()?.email", R"("ada@example.com")");
    row("@triggerBody()?['EMAIL']", R"("ada@example.com")");
    row("@triggerBody().nested.inner.VALUE", "42");
    row("@triggerBody()['nested']['Inner']['value']", "42");
    row("@triggerBody()?['tags'][1]", R"("b")");
    row("@triggerBody()?['leads'][1]['Id']", R"("L2")");
    row("@triggerBody()?['leads'][0].Id", R"("L1")");
    row("@triggerBody()?['missing']", "null");
    row("@triggerBody()?['missing']?['deeper']", "null");
    row("@triggerBody()?.missing?.deeper", "null");
    row("@triggerBody()?['tags']?[9]", "null");
    row("@triggerBody()?['nothing']?['x']", "null");
    row("@coalesce(triggerBody()?['missing'], 'fallback')", R"("fallback")");
    row("@triggerOutputs()['headers']['Content-Type']", R"("application/json")");
    row("@triggerOutputs()?['headers']?['content-type']", R"("application/json")");
    row("@trigger()['name']", R"("manual")");
    row("@trigger().outputs.body.count", "3");

    // The run: actions, variables, parameters, loops, settings.
    row("@body('Get_lead')?['Email']", R"("lead@example.com")");
    row("@body('get_lead').Company", R"("Contoso")");
    row("@outputs('Get_lead')['body']['Score']", "75");
    row("@actions('Get_lead')['status']", R"("Succeeded")");
    row("@body('Send_email')?['messageId']", R"("m1")");
    row("@body('Send email')?['messageId']", R"("m1")");
    row("@action()['name']", R"("Until_done")");
    row("@items('For_each')?['name']", R"("seven")");
    row("@item()?['id']", "7");
    row("@variables('counter')", "5");
    row("@variables('COUNTER')", "5");
    row("@variables('list')", "[1,2,3]");
    row("@parameters('recipient')", R"("ops@example.com")");
    row("@parameters('limit')", "10");
    row("@result('Scope')[0]['status']", R"("Succeeded")");
    row("@workflow()['run']['name']", R"("run-1")");
    row("@workflow().name", R"("lead-to-email")");
    row("@appsetting('SMTP_HOST')", R"("127.0.0.1")");

    // Strings.
    row("@concat('a', 'b', 'c')", R"("abc")");
    row("@concat('n', 1, true, null)", R"("n1True")");
    row("@CONCAT('case', 'insensitive')", R"("caseinsensitive")");
    row("@join(createArray('a', 'b'), ', ')", R"("a, b")");
    row("@join(variables('list'), '-')", R"("1-2-3")");
    row("@replace('xxxxx', 'x', 'y')", R"("yyyyy")");
    row("@replace('abcdef', '.', 'z')", R"("abcdef")");
    row("@replace('Hello', 'l', '')", R"("Heo")");
    row("@substring('abcdef', 3)", R"("def")");
    row("@substring('abcdef', 1, 2)", R"("bc")");
    row("@substring('abcdef', 6)", R"("")");
    row("@slice('abcdef', -3)", R"("def")");
    row("@slice('abcdef', 1, -1)", R"("bcde")");
    row("@split('a,b,,c', ',')", R"(["a","b","","c"])");
    row("@split('abcSPdef', 'SP')", R"(["abc","def"])");
    row("@split('', ',')", R"([""])");
    row("@toUpper('Hello')", R"("HELLO")");
    row("@toLower('HeLLo')", R"("hello")");
    row("@trim('  padded \t')", R"("padded")");
    row("@length('hello')", "5");
    row("@length(variables('list'))", "3");
    row("@length('')", "0");
    row("@indexOf('Hello World', 'world')", "6");
    row("@indexOf('Hello', 'z')", "-1");
    row("@lastIndexOf('abcabc', 'B')", "4");
    row("@startsWith('Hello', 'hE')", "true");
    row("@startsWith('Hello', 'lo')", "false");
    row("@endsWith('Hello', 'LO')", "true");
    row("@endsWith('Hello', 'He')", "false");

    // Collections.
    row("@empty('')", "true");
    row("@empty('a')", "false");
    row("@empty(createArray())", "true");
    row("@empty(json('{}'))", "true");
    row("@empty(null)", "true");
    row("@empty(triggerBody())", "false");
    row("@contains('Hello', 'ell')", "true");
    row("@contains('Hello', 'ELL')", "false");
    row("@contains(createArray(1, 2), 2)", "true");
    row("@contains(createArray('a'), 'b')", "false");
    row("@contains(triggerBody(), 'email')", "true");
    row("@contains(triggerBody(), 'phone')", "false");
    row("@first(createArray(1, 2, 3))", "1");
    row("@first('abc')", R"("a")");
    row("@first(createArray())", "null");
    row("@last(createArray(1, 2, 3))", "3");
    row("@last('abc')", R"("c")");
    row("@take(createArray(1, 2, 3), 2)", "[1,2]");
    row("@skip('abcdef', 4)", R"("ef")");
    row("@createArray('a', 1, true)", R"(["a",1,true])");
    row("@array('x')", R"(["x"])");
    row("@union(createArray(1, 2), createArray(2, 3))", "[1,2,3]");
    row("@union(json('{\"a\":1}'), json('{\"b\":2,\"a\":3}'))", R"({"a":3,"b":2})");
    row("@intersection(createArray(1, 2, 3), createArray(2, 3, 4), createArray(3, 2))", "[2,3]");
    row("@intersection(json('{\"a\":1,\"b\":2}'), json('{\"a\":1,\"b\":3}'))", R"({"a":1})");
    row("@range(3, 4)", "[3,4,5,6]");

    // Logic and comparison.
    row("@equals(1, 1)", "true");
    row("@equals(1, 1.0)", "true");
    row("@equals('a', 'A')", "false");
    row("@equals(createArray(1, 'x'), createArray(1, 'x'))", "true");
    row("@equals(json('{\"a\":[1]}'), json('{\"a\":[1]}'))", "true");
    row("@equals(null, triggerBody()?['missing'])", "true");
    row("@equals(1, '1')", "false");
    row("@and(true, true)", "true");
    row("@and(true, false, true)", "false");
    row("@and(false, int('not checked'))", "false");
    row("@or(false, false)", "false");
    row("@or(true, int('never evaluated'))", "true");
    row("@not(true)", "false");
    row("@not(equals(1, 2))", "true");
    row("@if(true, 'yes', 'no')", R"("yes")");
    row("@if(false, 'yes', 'no')", R"("no")");
    row("@if(empty(createArray()), 'none', first(createArray()))", R"("none")");
    row("@if(equals(variables('counter'), 5), 1, div(1, 0))", "1");
    row("@greater(10, 2)", "true");
    row("@greater('b', 'a')", "true");
    row("@greater(2, 2)", "false");
    row("@greaterOrEquals(2, 2)", "true");
    row("@less(1.5, 2)", "true");
    row("@less('B', 'a')", "true");
    row("@lessOrEquals(3, 2)", "false");
    row("@coalesce(null, null, 'x', 'y')", R"("x")");
    row("@coalesce(null)", "null");

    // Conversions.
    row("@string(10)", R"("10")");
    row("@string(2.5)", R"("2.5")");
    row("@string(true)", R"("True")");
    row("@string(null)", R"("")");
    row("@string(json('{\"a\":1}'))", "\"{\\\"a\\\":1}\"");
    row("@int('42')", "42");
    row("@int(' -7 ')", "-7");
    row("@int(3.0)", "3");
    row("@float('10.5')", "10.5");
    row("@float(2)", "2");
    row("@bool('TRUE')", "true");
    row("@bool(0)", "false");
    row("@bool(1)", "true");
    row("@json('{\"a\":[1,2]}')", R"({"a":[1,2]})");
    row("@json('[1]')[0]", "1");
    row("@json('\"s\"')", R"("s")");
    row("@json('7')", "7");
    row("@json(triggerBody())?['count']", "3");
    row("@base64('hello')", R"("aGVsbG8=")");
    row("@base64('héllo')", R"("aMOpbGxv")");
    row("@base64ToString('aGVsbG8=')", R"("hello")");
    row("@decodeBase64('aMOpbGxv')", R"("héllo")");
    row("@base64ToBinary('aGk=')",
        R"({"$content-type":"application/octet-stream","$content":"aGk="})");
    row("@string(base64ToBinary('aGk='))", R"("hi")");
    row("@base64(base64ToBinary('aGk='))", R"("aGk=")");
    row("@encodeURIComponent('a b&c/d?é')", R"("a%20b%26c%2Fd%3F%C3%A9")");
    row("@encodeURIComponent('-_.~')", R"("-_.~")");
    row("@uriComponent('x=1')", R"("x%3D1")");
    row("@decodeURIComponent('a%20b%26c')", R"("a b&c")");
    row("@uriComponentToString('%C3%A9')", R"("é")");

    // Arithmetic: integers stay integers, floats stay floats.
    row("@add(1, 2)", "3");
    row("@add(1.5, 1)", "2.5");
    row("@sub(10, 4)", "6");
    row("@sub(1, 2.5)", "-1.5");
    row("@mul(6, 7)", "42");
    row("@mul(0.5, 3)", "1.5");
    row("@div(7, 2)", "3");
    row("@div(-7, 2)", "-3");
    row("@div(7, 2.0)", "3.5");
    row("@div(float('7'), 2)", "3.5");
    row("@mod(7, 3)", "1");
    row("@mod(-7, 3)", "-1");
    row("@mod(7.5, 2)", "1.5");
    row("@min(3, 1, 2)", "1");
    row("@min(createArray(4, 2.5, 9))", "2.5");
    row("@max(3, 1, 2)", "3");
    row("@max(variables('list'))", "3");
    row("@add(9223372036854775807, 1)", "9223372036854775808");
    row("@add(variables('counter'), parameters('limit'))", "15");

    // Time, from the injected clock (2026-01-05T09:00:00.123Z, a Monday).
    row("@utcNow()", R"("2026-01-05T09:00:00.1230000Z")");
    row("@utcNow('yyyy-MM-dd')", R"("2026-01-05")");
    row("@utcNow('HH:mm')", R"("09:00")");
    row("@utcNow('dddd')", R"("Monday")");
    row("@utcNow('ddd, d MMM yyyy')", R"("Mon, 5 Jan 2026")");
    row("@utcNow('MMMM')", R"("January")");
    row("@utcNow('o')", R"("2026-01-05T09:00:00.1230000Z")");
    row("@utcNow('s')", R"("2026-01-05T09:00:00")");
    row("@utcNow('u')", R"("2026-01-05 09:00:00Z")");
    row("@utcNow('r')", R"("Mon, 05 Jan 2026 09:00:00 GMT")");
    row("@utcNow('d')", R"("1/5/2026")");
    row("@utcNow('D')", R"("Monday, January 5, 2026")");
    row("@utcNow('t')", R"("9:00 AM")");
    row("@utcNow('HH:mm:ss.fff')", R"("09:00:00.123")");
    row("@utcNow('ss.FFFFFFF')", R"("00.123")");
    row("@utcNow('yyyyMMdd''T''HHmm')", R"("20260105T0900")");
    row("@utcNow('%d')", R"("5")");
    row("@utcNow('hh tt')", R"("09 AM")");
    row("@formatDateTime('2026-03-15T13:45:30Z', 'yyyy-MM-dd HH:mm')", R"("2026-03-15 13:45")");
    row("@formatDateTime('2026-03-15T13:45:30Z')", R"("2026-03-15T13:45:30.0000000Z")");
    row("@formatDateTime('2026-03-15')", R"("2026-03-15T00:00:00.0000000")");
    row("@formatDateTime('03/15/2018 12:00:00', 'yyyy-MM-ddTHH:mm:ss')",
        R"("2018-03-15T12:00:00")");
    row("@formatDateTime('2026-03-15T13:45:30+02:00', 'HH:mm K')", R"("11:45 Z")");
    row("@formatDateTime('2026-03-15T13:45:30.1234567Z', 'o')",
        R"("2026-03-15T13:45:30.1234567Z")");
    row("@formatDateTime('2026-03-15T13:45:30.5Z', 'HH:mm:ss.FFF')", R"("13:45:30.5")");
    row("@formatDateTime('2026-03-15T13:45:30Z', 'HH:mm:ss.FFF')", R"("13:45:30")");
    row("@formatDateTime('2026-03-15T13:45:30Z', 'h:mm tt, dddd MMMM d')",
        R"("1:45 PM, Sunday March 15")");
    row("@formatDateTime(triggerBody()?['when'], 'MMM yy')", R"("Mar 26")");
    row("@formatDateTime('2026-03-15T13:45:30Z', 'yyyy-MM-dd', 'en-US')", R"("2026-03-15")");
    row("@addDays('2026-01-30T00:00:00Z', 3)", R"("2026-02-02T00:00:00.0000000Z")");
    row("@addDays('2026-01-05T00:00:00Z', -5, 'yyyy-MM-dd')", R"("2025-12-31")");
    row("@addDays(utcNow(), 1, 'yyyy-MM-dd')", R"("2026-01-06")");
    row("@addHours('2026-01-05T23:30:00Z', 1)", R"("2026-01-06T00:30:00.0000000Z")");
    row("@addMinutes('2026-01-05T09:00:00Z', 90, 'HH:mm')", R"("10:30")");
    row("@addSeconds('2026-01-05T09:00:00Z', -1, 'HH:mm:ss')", R"("08:59:59")");
    row("@addToTime('2026-01-31T00:00:00Z', 1, 'Month', 'yyyy-MM-dd')", R"("2026-02-28")");
    row("@getFutureTime(2, 'Day', 'yyyy-MM-dd')", R"("2026-01-07")");
    row("@getPastTime(1, 'Year', 'yyyy')", R"("2025")");
    row("@startOfDay('2026-03-15T13:45:30Z')", R"("2026-03-15T00:00:00.0000000Z")");
    row("@dayOfWeek('2026-01-04T00:00:00Z')", "0");
    row("@dayOfMonth('2026-03-15T13:45:30Z')", "15");
    row("@dayOfYear('2026-02-01T00:00:00Z')", "32");
    row("@ticks('0001-01-01T00:00:00.0000001Z')", "1");
    row("@subtractFromTime('2026-01-05T00:00:00Z', 1, 'Day', 'yyyy-MM-dd')", R"("2026-01-04")");
    row("@startOfHour('2026-03-15T13:45:30Z')", R"("2026-03-15T13:00:00.0000000Z")");
    row("@startOfMonth('2026-03-15T13:45:30Z', 'yyyy-MM-dd')", R"("2026-03-01")");
    row("@convertFromUtc('2026-07-01T12:00:00Z', 'W. Europe Standard Time')",
        R"("2026-07-01T14:00:00.0000000")");
    row("@convertFromUtc('2026-01-05T12:00:00Z', 'Pacific Standard Time', 'HH:mm')", R"("04:00")");
    row("@convertFromUtc('2026-01-05T12:00:00Z', 'Asia/Tokyo', 'HH:mm')", R"("21:00")");
    row("@convertToUtc('2026-07-01T14:00:00', 'W. Europe Standard Time')",
        R"("2026-07-01T12:00:00.0000000Z")");
    row("@convertTimeZone('2026-07-01T14:00:00', 'W. Europe Standard Time', 'Eastern Standard "
        "Time', 'HH:mm')",
        R"("08:00")");
    row("@convertTimeZone('2026-01-05T12:00:00Z', 'UTC', 'India Standard Time', 'HH:mm')",
        R"("17:30")");
    row("@dateDifference('2026-01-05T00:00:00Z', '2026-01-07T01:02:03Z')", R"("2.01:02:03")");
    row("@dateDifference('2026-01-05T10:00:00Z', '2026-01-05T09:30:00.5Z')",
        R"("-00:29:59.5000000")");
    row("@actionBody()?['done']", "false");
    row("@actionOutputs()['body']['done']", "false");
    row("@nthIndexOf('123456789123465789', '1', 2)", "9");
    row("@nthIndexOf('abcabc', 'B', -1)", "4");
    row("@nthIndexOf('abc', 'z', 1)", "-1");
    row("@nthIndexOf('abc', 'a', 5)", "-1");
    row("@reverse(createArray(1, 2, 3))", "[3,2,1]");
    row("@sort(createArray(3, 1, 2))", "[1,2,3]");
    row("@sort(createArray('b', 'a', 'C'))", R"(["C","a","b"])");
    row(R"(@sort(json('[{"n":2},{"n":1}]'), 'n'))", R"([{"n":1},{"n":2}])");
    row("@isInt('10')", "true");
    row("@isInt('1.5')", "false");
    row("@isFloat('1.5')", "true");
    row("@isFloat('abc')", "false");
    row("@rand(5, 6)", "5");
    row("@less(rand(1, 3), 3)", "true");

    row("@ticks('2026-01-05T00:00:00Z')", "639031680000000000");
    // Numbers as .NET formats them, in en-US unless a locale is given.
    row("@formatNumber(1234567890, '0,0.00', 'en-us')", R"("1,234,567,890.00")");
    row("@formatNumber(1234567890, '#,##0.00', 'is-IS')", R"("1.234.567.890,00")");
    row("@formatNumber(17.35, 'C2')", R"("$17.35")");
    // Negative amounts in parentheses, as en-US accounting (and .NET Framework) writes them.
    row("@formatNumber(-17.35, 'C2')", R"J("($17.35)")J");
    row("@formatNumber(1234.5678, 'N0')", R"("1,235")");
    row("@formatNumber(1234.5678, 'N2')", R"("1,234.57")");
    row("@formatNumber(1234.5678, 'N2', 'de-DE')", R"("1.234,57")");
    row("@formatNumber(1234.5678, 'F3')", R"("1234.568")");
    row("@formatNumber(1234.5678, 'E2')", R"("1.23E+003")");
    row("@formatNumber(0.1234, 'P1')", R"("12.3%")");
    row("@formatNumber(42, 'D5')", R"("00042")");
    row("@formatNumber(-42, 'D5')", R"("-00042")");
    row("@formatNumber(255, 'X')", R"("FF")");
    row("@formatNumber(255, 'x4')", R"("00ff")");
    row("@formatNumber(1.5, 'G')", R"("1.5")");
    row("@formatNumber(3.14159, '0.00')", R"("3.14")");
    row("@formatNumber(5, '0.00')", R"("5.00")");
    row("@formatNumber(0.5, '#.##')", R"(".5")");
    row("@formatNumber(1, '0.##')", R"("1")");
    row("@formatNumber(2.5, '0')", R"("3")");
    row("@formatNumber(-1234.5, '#,##0.00;(#,##0.00);zero')", R"J("(1,234.50)")J");
    row("@formatNumber(0, '#,##0.00;(#,##0.00);zero')", R"("zero")");
    row("@formatNumber(-3, '0.0')", R"("-3.0")");
    row("@formatNumber(1234567, '#,##0,')", R"("1,235")");
    row("@formatNumber(0.256, '0.0%')", R"("25.6%")");
    row("@formatNumber(123456789, '###-##-####')", R"("123-45-6789")");
    row("@formatNumber(1234.5, '0.00E+00')", R"("1.23E+03")");
    row(R"(@formatNumber(7, '\#0 "units"'))", R"("#7 units")");

    // Dates read as a locale writes them, or by a format; out as ISO 8601 ("o").
    row("@parseDateTime('2026-01-05T09:00:00Z')", R"("2026-01-05T09:00:00.0000000Z")");
    row("@parseDateTime('10/20/2014')", R"("2014-10-20T00:00:00.0000000")");
    row("@parseDateTime('20/10/2014', 'fr-FR')", R"("2014-10-20T00:00:00.0000000")");
    row("@parseDateTime('20.10.2014 13:45', 'de-DE')", R"("2014-10-20T13:45:00.0000000")");
    row("@parseDateTime('20 octubre 2014', 'es-ES', 'dd MMMM yyyy')",
        R"("2014-10-20T00:00:00.0000000")");
    row("@parseDateTime('2014-10-20 01:30 PM', 'en-US', 'yyyy-MM-dd hh:mm tt')",
        R"("2014-10-20T13:30:00.0000000")");
    row("@parseDateTime('20141020T133000+0200', 'en-US', 'yyyyMMddTHHmmssK')",
        R"("2014-10-20T11:30:00.0000000Z")");

    // Loops.
    row("@iterationIndexes('Until_done')", "2");
    row("@iterationIndexes('until done')", "2");

    // XML from text or JSON; xpath() over it.
    row("@xml('<a>1</a>')",
        R"({"$content-type":"application/xml;charset=utf-8","$content":"PGE+MTwvYT4="})");
    row(R"(@string(xml(json('{"person":{"@id":"1","city":["Seattle","Paris"],"name":"Sophia Owen"}}'))))",
        R"("<person id=\"1\"><city>Seattle</city><city>Paris</city><name>Sophia Owen</name></person>")");
    row(R"(@string(xml('{"a":{"#text":"x & y"}}')))", R"("<a>x &amp; y</a>")");
    row(R"(@length(xpath(xml('<produce><item id="a"><name>Gala</name><count>20</count></item><item id="b"><name>Honeycrisp</name><count>10</count></item></produce>'), '/produce/item/name')))",
        "2");
    row("@string(first(xpath(xml('<produce><item><name>Gala</name></item></produce>'), '//name')))",
        R"("<name>Gala</name>")");
    row(R"(@xpath(xml('<produce><item id="a"><name>Gala</name></item><item id="b"><name>Honeycrisp</name></item></produce>'), '/produce/item/name/text()'))",
        R"(["Gala","Honeycrisp"])");
    row("@xpath('<produce><item><count>20</count></item><item><count>10</count></item></produce>', "
        "'sum(/produce/item/count)')",
        "30");
    row("@xpath('<p><i/><i/><i/></p>', 'count(//i)')", "3");
    row("@xpath('<p><i><n>A</n></i><i><n>B</n></i></p>', '//i[2]/n/text()')", R"(["B"])");
    row("@xpath('<p><i><n>A</n></i><i><n>B</n></i></p>', '//i[last()]/n/text()')", R"(["B"])");
    row(R"(@xpath('<p><i><n>A</n><c>1</c></i><i><n>B</n><c>2</c></i></p>', '//i[n="B"]/c/text()'))",
        R"(["2"])");
    row(R"(@xpath('<p><i id="x">1</i><i id="y">2</i></p>', '//i[@id="y"]/text()'))", R"(["2"])");
    row(R"(@xpath('<p><i id="x">1</i><i id="y">2</i></p>', '//@id'))", R"(["x","y"])");
    row("@xpath('<p><i>1</i><i>2</i></p>', 'string(/p/i[2])')", R"("2")");
    row(R"(@xpath('<f xmlns="urn:x"><loc>Paris</loc></f>', '/*[local-name()="f"]/*[local-name()="loc"]/text()'))",
        R"(["Paris"])");
    row("@xpath('<p><i>1</i></p>', '//missing')", "[]");

    // Form fields of an action's body.
    row("@formDataValue('Get_form', 'a')", R"("1")");
    row("@formDataMultiValues('Get_form', 'b')", R"(["x y","z"])");
}

void TestExpressions::evaluate()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const auto result = engine::evaluateString(text, m_context);
    if (!result)
        QFAIL(qPrintable(QStringLiteral("unexpected error: ") + result.error().toString()));
    QCOMPARE(toJson(*result), toJson(fromJson(expected)));
}

void TestExpressions::errors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");

    auto row = [](const char* text, const char* message) {
        QTest::newRow(text) << QString::fromUtf8(text) << QString::fromUtf8(message);
    };

    // Syntax: the 1-based column over the whole text and what was expected.
    row("@concat('a', 'b'", "column 17: expected ')' after the arguments of concat");
    row("@concat('a' 'b')", "column 13: expected ',' or ')' after argument 1 of concat, found '''");
    row("@concat(", "column 9: expected an expression, found the end of the text");
    row("@concat('a',)", "column 13: expected an expression, found ')'");
    row("@'unterminated", "column 2: the string that starts here has no closing quote");
    row("Hi @{triggerBody()",
        "column 19: expected '}' to close the '@{' at column 4, found the end of the text");
    row("@{'a'", "column 6: expected '}' to close the '@{' at column 1, found the end of the text");
    row("@{}", "column 3: expected an expression, found '}'");
    row("@()", "column 2: expected an expression, found '('");
    row("@concat",
        "column 8: expected '(' after the function name 'concat', found the end of the text");
    row("@concat('a','b')('c')", "column 17: unexpected '(' after the end of the expression");
    row("@'a'}", "column 5: unexpected '}' after the end of the expression");
    row("@'a', 'b'", "column 5: unexpected ',' after the end of the expression");
    row("@nope()", "column 2: unknown function 'nope'");
    row("x @{frobnicate(1)} y", "column 5: unknown function 'frobnicate'");
    row("@concat()", "column 2: concat takes at least 1 argument, not 0");
    row("@utcNow('a', 'b')", "column 2: utcNow takes 0 to 1 arguments, not 2");
    row("@if(true, 1)", "column 2: if takes 3 arguments, not 2");
    row("@trigger(1)", "column 2: trigger takes no arguments, not 1");
    row("@triggerBody()['a'",
        "column 19: expected ']' to close the '[' at column 15, found the end of the text");
    row("@triggerBody()?", "column 16: expected '[' or '.' after '?', found the end of the text");
    row("@triggerBody().",
        "column 16: expected a property name after '.', found the end of the text");
    row("@1e", "column 4: expected the digits of the exponent, found the end of the text");
    row("@12abc", "column 4: unexpected 'a' in a number");
    row("@+", "column 2: expected an expression, found '+'");
    row("@--1", "column 2: expected an expression, found '-'");

    // Runtime: the function and the bad argument.
    row("@int('abc')", "int: argument 1 'abc' is not a number");
    row("@int(2.5)", "int: argument 1 2.5 is not a whole number");
    row("@float('x1')", "float: argument 1 'x1' is not a number");
    row("@bool('maybe')", "bool: argument 1 'maybe' is not a boolean");
    row("@json('{bad')", "json: argument 1 '{bad' is not valid JSON (unterminated object)");
    row("@add(1, 'two')", "add: argument 2 'two' is not a number");
    row("@div(1, 0)", "div: argument 2 0 is zero, and nothing can be divided by zero");
    row("@mod(5, 0)", "mod: argument 2 0 is zero, and nothing can be divided by zero");
    row("@toUpper(5)", "toUpper: argument 1 5 is not a string");
    row("@length(json('{}'))", "length: argument 1 {} is not a string or an array");
    row("@length(null)", "length: argument 1 null is not a string or an array");
    row("@substring('abc', 5)", "substring: argument 2 5 is out of range for a text of length 3");
    row("@substring('abcdef', 2, 10)",
        "substring: argument 3 10 is out of range: the text has 4 characters after index 2");
    row("@replace('abc', '', 'x')", "replace: argument 2 '' is empty; there is nothing to replace");
    row("@not('yes')", "not: argument 1 'yes' is not true or false");
    row("@and(true, 1)", "and: argument 2 1 is not true or false");
    row("@if('x', 1, 2)", "if: argument 1 'x' is not true or false");
    row("@greater(1, 'a')",
        "greater: argument 2 'a' is a String and cannot be compared with a Integer");
    row("@base64ToString('###')", "base64ToString: argument 1 '###' is not valid base64");
    row("@join('a', ',')", "join: argument 1 'a' is not an array");
    row("@min(createArray())", "min: argument 1 [] is an empty array");
    row("@formatDateTime('yesterday')", "formatDateTime: argument 1 'yesterday' is not a valid "
                                        "timestamp (use ISO 8601, e.g. 2026-01-05T09:00:00Z)");
    row("@formatDateTime('2026-02-30T00:00:00Z')",
        "formatDateTime: argument 1 '2026-02-30T00:00:00Z' is not a valid timestamp (use ISO 8601, "
        "e.g. 2026-01-05T09:00:00Z)");
    row("@formatDateTime('2026-01-05T00:00:00Z', 'q')",
        "formatDateTime: argument 2 'q' is not a valid date format: 'q' is not a standard date and "
        "time format");
    row("@formatDateTime('2026-01-05T00:00:00Z', 'yyyy ''open')",
        "formatDateTime: argument 2 'yyyy 'open' is not a valid date format: the quote at position "
        "6 of the date format is not closed");
    row("@formatDateTime('2026-01-05T00:00:00Z', 'o', 'fr-FR')",
        "formatDateTime: argument 3 'fr-FR' is not a supported locale (only en-US)");
    row("@addDays('9999-12-31T00:00:00Z', 1)",
        "addDays: the resulting date is outside the years 1 to 9999");
    row("@addDays('2026-01-05T00:00:00Z', 1.5)", "addDays: argument 2 1.5 is not a whole number");
    row("@addToTime('2026-01-05T00:00:00Z', 1, 'Fortnight')",
        "addToTime: 'Fortnight' is not a time unit (use Second, Minute, Hour, Day, Week, Month or "
        "Year)");
    row("@convertFromUtc('2026-01-05T12:00:00Z', 'Mars/Olympus')",
        "convertFromUtc: argument 2 'Mars/Olympus' is not a time zone (use a Windows name such as "
        "'W. Europe Standard Time' or an IANA name such as 'Europe/Berlin')");
    row("@nthIndexOf('abc', 'a', 0)",
        "nthIndexOf: argument 3 0 is zero; count occurrences from 1 (or from -1 at the end)");
    row("@sort(createArray(1, 'a'))",
        R"(sort: argument 1 [1,"a"] holds 'a'; only numbers or only strings can be sorted)");
    row("@rand(3, 3)", "rand: argument 2 3 must be larger than argument 1");
    row("@getPastTime(-9223372036854775808, 'Day')",
        "getPastTime: argument 1 -9223372036854775808 is too large");
    row("@guid('Z')", "guid: argument 1 'Z' is not a GUID format (use 'N', 'D', 'B' or 'P')");
    row("@body('Nope')", "body: action 'Nope' doesn't exist or hasn't run");
    row("@outputs('Nope')", "outputs: action 'Nope' doesn't exist or hasn't run");
    row("@variables('unset')", "variables: there is no variable 'unset'; initialize it first");
    row("@parameters('nope')", "parameters: the workflow has no parameter 'nope'");
    row("@appsetting('NOPE')", "appsetting: the app setting 'NOPE' is not set");
    row("@items('Other_loop')", "items: 'Other_loop' is not a Foreach loop around this action");
    row("@result('Nope')", "result: 'Nope' is not a scope that has run");

    // Numbers, dates, loops, XML and forms.
    row("@formatNumber('abc', '0')", "formatNumber: argument 1 'abc' is not a number");
    row("@formatNumber(1.5, 'Z')",
        "formatNumber: argument 2 'Z' is not a valid number format: 'Z' is not a number format; "
        "use C, D, E, F, G, N, P, R or X, or a custom format such as 0.00 or #,##0");
    row("@formatNumber(1.5, 'D2')",
        "formatNumber: argument 2 'D2' is not a valid number format: the format D is for whole "
        "numbers only");
    row("@formatNumber(1, '0', 'xx-QQ')",
        "formatNumber: argument 3 'xx-QQ' is not a known locale (use a name such as en-US or "
        "de-DE)");
    row("@parseDateTime('31/31/2014', 'fr-FR')",
        "parseDateTime: argument 1 '31/31/2014' is not a date and time as fr-FR writes it");
    row("@parseDateTime('2014', 'en-US', 'dd/MM/yyyy')",
        "parseDateTime: argument 1 '2014' does not match the format 'dd/MM/yyyy'");
    row("@parseDateTime('2014', 'en-US', 'D')",
        "parseDateTime: argument 3 'D' is not a valid date format: 'D' is not a format to read "
        "dates with; use o, s, u or a custom format such as dd/MM/yyyy HH:mm");
    row("@iterationIndexes('Nope')",
        "iterationIndexes: 'Nope' is not an Until or Foreach loop around this action");
    row("@xml(5)", "xml: argument 1 5 is not XML text or a JSON object");
    row("@xml('<a>')",
        "xml: argument 1 '<a>' is not well-formed XML: Premature end of document. (line 1, "
        "column 3)");
    row(R"(@xml(json('{"a":1,"b":2}')))",
        R"(xml: argument 1 {"a":1,"b":2} cannot become XML: the JSON object must have exactly one )"
        "property, the root element");
    row("@xpath('<a/>', '/a[')",
        "xpath: the XPath '/a[' cannot be read at position 4: expected a condition such as 2, "
        "last(), @id or name='x'");
    row("@xpath(5, '/a')", "xpath: argument 1 5 is not XML; make it with xml()");
    QTest::newRow("deeply nested XML")
        << QStringLiteral("@xpath('%1', '/a')").arg(QStringLiteral("<a>").repeated(300))
        << QStringLiteral("xpath: argument 1 '%1<... is not well-formed XML: it is nested more "
                          "than 256 elements deep")
               .arg(QStringLiteral("<a>").repeated(25));
    row("@triggerFormDataValue('x')",
        "triggerFormDataValue: the body is not form data (application/x-www-form-urlencoded or "
        "multipart/form-data)");
    row("@formDataValue('Get_form', 'b')",
        "formDataValue: the form has 2 values for 'b'; use the MultiValues function");
    row("@triggerMultipartBody(0)", "triggerMultipartBody: the trigger's body is not multipart");

    // Access without '?': a missing property names itself, as Logic Apps does.
    row("@triggerBody()['phone']",
        "triggerBody()['phone']: property 'phone' doesn't exist, available properties are "
        "'count, email, empty, flag, leads, name, nested, nothing, price, tags, when'");
    row("@triggerBody().nested.missing", "triggerBody().nested.missing: property 'missing' doesn't "
                                         "exist, available properties are 'Inner'");
    row("@triggerBody()['nothing']['x']",
        "triggerBody()['nothing']['x']: property 'x' cannot be selected because the value is null "
        "(write ?['x'] to allow null)");
    row("@triggerBody()?['missing']['x']",
        "triggerBody()?['missing']['x']: property 'x' cannot be selected because the value is null "
        "(write ?['x'] to allow null)");
    row("@triggerBody()['name']['x']",
        "triggerBody()['name']['x']: property 'x' cannot be selected from a value of type String");
    row("@triggerBody()['tags'][3]",
        "triggerBody()['tags'][3]: index 3 is out of range for an array of 3 items");
    row("@triggerBody()['tags'][1.5]",
        "triggerBody()['tags'][1.5]: the index 1.5 is not a property name or a whole number");
    row("@triggerBody()['count'][0]",
        "triggerBody()['count'][0]: a value of type Integer cannot be indexed by number");
}

void TestExpressions::errors()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    const auto result = engine::evaluateString(text, m_context);
    QVERIFY2(!result.ok(), qPrintable(QStringLiteral("expected an error, got ") +
                                      (result ? toJson(*result) : QString())));
    QCOMPARE(result.error().message, message);
    QCOMPARE(result.error().code, 400);
}

void TestExpressions::checkSyntax_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("problem"); // empty: none

    QTest::newRow("plain") << QStringLiteral("hello") << QString();
    QTest::newRow("email address") << QStringLiteral("ops@example.com") << QString();
    QTest::newRow("escaped") << QStringLiteral("@@{x") << QString();
    QTest::newRow("good") << QStringLiteral("@concat(triggerBody()?['a'], 'b')") << QString();
    QTest::newRow("runtime error is not syntax") << QStringLiteral("@int('abc')") << QString();
    QTest::newRow("missing paren")
        << QStringLiteral("@concat('a', 'b'")
        << QStringLiteral("column 17: expected ')' after the arguments of concat");
    QTest::newRow("in interpolation")
        << QStringLiteral("To: @{toUpper('x'}")
        << QStringLiteral("column 18: expected ',' or ')' after argument 1 of toUpper, found '}'");
}

void TestExpressions::checkSyntax()
{
    QFETCH(QString, text);
    QFETCH(QString, problem);
    const QList<engine::Error> errors = engine::checkSyntax(text);
    if (problem.isEmpty()) {
        QVERIFY2(errors.isEmpty(), qPrintable(errors.value(0).message));
    } else {
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().message, problem);
    }
}

void TestExpressions::checkSyntaxOfTreeNamesThePath()
{
    const QJsonValue tree = fromJson(QStringLiteral(
        R"({"To": "@{triggerBody()?['email']}", "Attachments": [{"Name": "ok"}, {"ContentData": "@base64("}]})"));
    const QList<engine::Error> errors = engine::checkSyntax(tree);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().field, QStringLiteral("Attachments[1].ContentData"));
    QCOMPARE(errors.first().message,
             QStringLiteral("column 9: expected an expression, found the end of the text"));
}

void TestExpressions::evaluateValueReadsLongStringsInPlace_data()
{
    QTest::addColumn<QJsonValue>("tree");
    QTest::addColumn<QJsonValue>("expected");
    const auto row = [](const char* name, const QString& tree, const QString& expected) {
        for (const auto& [storage, value] : bothStorages(fromJson(withLongStrings(tree))))
            QTest::addRow("%s, %s", name, storage) << value << fromJson(withLongStrings(expected));
    };
    row("plain text alone", R"("<LONG>")", R"("<LONG>")");
    row("plain text in an object", R"({"a": "<LONG>"})", R"({"a": "<LONG>"})");
    row("interpolation at the end", R"({"a": "<LONG>@{toUpper('x')}"})", R"({"a": "<LONG>X"})");
    row("interpolation at the start", R"({"a": "@{toUpper('x')}<LONG>"})", R"({"a": "X<LONG>"})");
    row("interpolation in the middle", R"({"a": "<LONG>@{string(7)}<LONG>"})",
        R"({"a": "<LONG>7<LONG>"})");
    row("whole expression", R"j({"a": "@concat('<LONG>', 'x')"})j", R"({"a": "<LONG>x"})");
    row("escaped at sign", R"({"a": "@@<LONG>"})", R"({"a": "@<LONG>"})");
    row("escaped interpolation", R"({"a": "<LONG>@@{x}"})", R"({"a": "<LONG>@{x}"})");
    row("at sign without a brace", R"({"a": "<LONG>@example.com", "b": 1})",
        R"({"a": "<LONG>@example.com", "b": 1})");
    row("at sign last", R"(["<LONG>@"])", R"(["<LONG>@"])");
    row("brace first", R"(["{<LONG>}"])", R"(["{<LONG>}"])");
    row("non-ASCII plain", R"({"a": "<UMLAUTS>", "b": "@{'ü'}"})",
        R"({"a": "<UMLAUTS>", "b": "ü"})");
    row("non-ASCII with interpolation", R"({"a": "<UMLAUTS>@{toUpper('ä')}<UMLAUTS>"})",
        R"({"a": "<UMLAUTS>Ä<UMLAUTS>"})");
    row("non-ASCII key", R"({"Grüße": "@{'x'}<LONG>", "Ä": "<LONG>"})",
        R"({"Grüße": "x<LONG>", "Ä": "<LONG>"})");
    row("every level",
        R"({"top": "@{'t'}<LONG>", "a": [{"b": {"c": ["x", "<LONG>@{string(1)}", "<LONG>"]}},
            "<LONG>@{'2'}", ["<LONG>", ["@{'3'}"]]], "z": "<LONG>"})",
        R"({"top": "t<LONG>", "a": [{"b": {"c": ["x", "<LONG>1", "<LONG>"]}},
            "<LONG>2", ["<LONG>", ["3"]]], "z": "<LONG>"})");
    row("only the last member has one", R"({"a": "<LONG>", "b": "<LONG>", "c": "y@{'z'}"})",
        R"({"a": "<LONG>", "b": "<LONG>", "c": "yz"})");
    row("only the first member has one", R"({"A": "<LONG>@{'x'}", "B": "<LONG>@", "a": "<LONG>"})",
        R"({"A": "<LONG>x", "B": "<LONG>@", "a": "<LONG>"})");
    row("only the last item has one", R"(["<LONG>", "b@c", "@@d", "<LONG>@{'e'}"])",
        R"(["<LONG>", "b@c", "@d", "<LONG>e"])");
    row("other values kept",
        R"({"n": 1.5, "i": 3, "t": true, "f": false, "z": null, "e": "", "o": {}, "l": [],
            "@{'k'}": "<LONG>", "s": "a@b"})",
        R"({"n": 1.5, "i": 3, "t": true, "f": false, "z": null, "e": "", "o": {}, "l": [],
            "@{'k'}": "<LONG>", "s": "a@b"})");
    row("expression keeps its type", R"({"a": ["@triggerBody()?['count']", "<LONG>"]})",
        R"({"a": [3, "<LONG>"]})");
}

void TestExpressions::evaluateValueReadsLongStringsInPlace()
{
    QFETCH(QJsonValue, tree);
    QFETCH(QJsonValue, expected);
    const auto result = engine::evaluateValue(tree, m_context);
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().toString()));
    QCOMPARE(toJson(*result), toJson(expected));
    QCOMPARE(*result, expected);
}

void TestExpressions::checkSyntaxOfTreeReadsLongStringsInPlace_data()
{
    QTest::addColumn<QJsonValue>("tree");
    QTest::addColumn<QStringList>("fields"); // of the errors, in order
    const auto row = [](const char* name, const QString& tree, const QStringList& fields) {
        for (const auto& [storage, value] : bothStorages(fromJson(withLongStrings(tree))))
            QTest::addRow("%s, %s", name, storage) << value << fields;
    };
    row("plain text", R"({"a": ["<LONG>", {"b": "<UMLAUTS>@"}]})", {});
    row("good expressions", R"({"a": ["<LONG>@{string(1)}", {"b": "<UMLAUTS>@{'x'}"}]})", {});
    row("escaped", R"({"a": "@@{concat(<LONG>", "b": "<LONG>@@{concat(}"})", {});
    row("error at the end of a long string",
        R"({"a": [{"b": "<LONG>@{concat('a'}"}], "c": "<LONG>"})", {QStringLiteral("a[0].b")});
    row("error after non-ASCII text", R"({"a": "<LONG>", "b": ["x", "<UMLAUTS>@{toUpper(}"]})",
        {QStringLiteral("b[1]")});
    row("errors at every level",
        R"({"a": "@concat(", "b": [{"c": "<LONG>@{x(}"}, "@{"], "d": "<LONG>"})",
        {QStringLiteral("a"), QStringLiteral("b[0].c"), QStringLiteral("b[1]")});
}

void TestExpressions::checkSyntaxOfTreeReadsLongStringsInPlace()
{
    QFETCH(QJsonValue, tree);
    QFETCH(QStringList, fields);
    QStringList found;
    for (const engine::Error& e : engine::checkSyntax(tree))
        found << e.field;
    QCOMPARE(found, fields);
}

void TestExpressions::referencedActionsOfTreeReadsLongStringsInPlace()
{
    const QString text = withLongStrings(QStringLiteral(
        R"j({"x": ["<LONG>@{body('A')}", {"y": "@outputs('B')", "w": "<UMLAUTS>@{result('C')}"}],
            "z": "<LONG>", "zz": "<LONG>@body('D')"})j"));
    for (const auto& [storage, tree] : bothStorages(fromJson(text)))
        QCOMPARE(engine::referencedActions(tree),
                 (QStringList{QStringLiteral("A"), QStringLiteral("C"), QStringLiteral("B")}));
}

void TestExpressions::isExpression_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("expected");
    QTest::newRow("whole") << QStringLiteral("@triggerBody()") << true;
    QTest::newRow("interpolation") << QStringLiteral("Hi @{x()}") << true;
    QTest::newRow("broken still counts") << QStringLiteral("@concat(") << true;
    QTest::newRow("plain") << QStringLiteral("hello") << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("address") << QStringLiteral("bob@example.com") << false;
    QTest::newRow("escaped") << QStringLiteral("@@mention") << false;
    QTest::newRow("escaped brace") << QStringLiteral("a @@{b}") << false;
    QTest::newRow("lone at") << QStringLiteral("@") << false;
}

void TestExpressions::isExpression()
{
    QFETCH(QString, text);
    QFETCH(bool, expected);
    QCOMPARE(engine::isExpression(text), expected);
}

void TestExpressions::isExpressionReadsInPlace_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("expected");
    const QString ascii = withLongStrings(QStringLiteral("<LONG>"));
    const QString umlauts = withLongStrings(QStringLiteral("<UMLAUTS>"));
    QTest::newRow("whole") << QStringLiteral("@triggerBody()") << true;
    QTest::newRow("long whole") << QStringLiteral("@concat('") + ascii + QStringLiteral("')")
                                << true;
    QTest::newRow("interpolation at the end") << ascii + QStringLiteral("@{x()}") << true;
    QTest::newRow("interpolation after non-ASCII") << umlauts + QStringLiteral("@{x()}") << true;
    QTest::newRow("plain") << ascii << false;
    QTest::newRow("non-ASCII plain") << umlauts << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("address") << ascii + QStringLiteral("@example.com") << false;
    QTest::newRow("escaped") << QStringLiteral("@@") + ascii << false;
    QTest::newRow("escaped brace") << ascii + QStringLiteral("@@{b}") << false;
    QTest::newRow("at sign last") << ascii + QStringLiteral("@") << false;
    QTest::newRow("lone at") << QStringLiteral("@") << false;
}

void TestExpressions::isExpressionReadsInPlace()
{
    QFETCH(QString, text);
    QFETCH(bool, expected);
    const QJsonObject parsed =
        fromJson(toJson(QJsonObject{{QStringLiteral("k"), text}})).toObject();
    for (const auto& [storage, tree] : bothStorages(parsed)) {
        const QJsonObject o = tree.toObject();
        const QCborMap view = QCborMap::fromJsonObject(o);
        QCOMPARE(engine::isExpression(o.value(u"k"), view.value(QStringLiteral("k"))), expected);
        QCOMPARE(engine::isExpression(o.value(u"k"), QCborValue()), expected);
    }
    QVERIFY(!engine::isExpression(QJsonValue(1), QCborValue(1)));
}

void TestExpressions::referencedActions_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("body") << QStringLiteral("@body('Get_lead')?['Email']")
                          << QStringList{QStringLiteral("Get_lead")};
    QTest::newRow("several, once each")
        << QStringLiteral("@{outputs('A')} @{actions('B')['status']} @{result('C')} @{body('A')}")
        << QStringList{QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C")};
    QTest::newRow("nested") << QStringLiteral("@concat(toUpper(body('Send email')?['x']), 'y')")
                            << QStringList{QStringLiteral("Send email")};
    QTest::newRow("items is a loop, not a dependency")
        << QStringLiteral("@items('For_each')") << QStringList{};
    QTest::newRow("computed name is not known")
        << QStringLiteral("@body(concat('A', 'B'))") << QStringList{};
    QTest::newRow("plain") << QStringLiteral("body('A')") << QStringList{};
    QTest::newRow("syntax error") << QStringLiteral("@body('A'") << QStringList{};
}

void TestExpressions::referencedActions()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    QCOMPARE(engine::referencedActions(text), expected);
}

void TestExpressions::rename_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("oldName");
    QTest::addColumn<QString>("newName");
    QTest::addColumn<QString>("expected");
    QTest::newRow("body") << QStringLiteral("@body('Get_lead')?['Email']")
                          << QStringLiteral("Get_lead") << QStringLiteral("Find_lead")
                          << QStringLiteral("@body('Find_lead')?['Email']");
    QTest::newRow("spaces become underscores")
        << QStringLiteral(
               "Hi @{body('Get lead')['Name']} and @{outputs('GET_LEAD')} @{body('Other')}")
        << QStringLiteral("Get_lead") << QStringLiteral("Lead (new)")
        << QStringLiteral(
               "Hi @{body('Lead_(new)')['Name']} and @{outputs('Lead_(new)')} @{body('Other')}");
    QTest::newRow("quotes are escaped")
        << QStringLiteral("@actions('A')") << QStringLiteral("A") << QStringLiteral("Bob's")
        << QStringLiteral("@actions('Bob''s')");
    QTest::newRow("loops and scopes")
        << QStringLiteral("@{items('Loop')} @{result('Loop')}") << QStringLiteral("Loop")
        << QStringLiteral("Each") << QStringLiteral("@{items('Each')} @{result('Each')}");
    QTest::newRow("other functions untouched")
        << QStringLiteral("@concat('A', variables('A'))") << QStringLiteral("A")
        << QStringLiteral("B") << QStringLiteral("@concat('A', variables('A'))");
    QTest::newRow("unparsable unchanged") << QStringLiteral("@body('A'") << QStringLiteral("A")
                                          << QStringLiteral("B") << QStringLiteral("@body('A'");
    QTest::newRow("escaped unchanged") << QStringLiteral("@@body('A')") << QStringLiteral("A")
                                       << QStringLiteral("B") << QStringLiteral("@@body('A')");
}

void TestExpressions::rename()
{
    QFETCH(QString, text);
    QFETCH(QString, oldName);
    QFETCH(QString, newName);
    QFETCH(QString, expected);
    QCOMPARE(engine::renameActionReferences(text, oldName, newName), expected);
}

void TestExpressions::renameInTree()
{
    const QJsonValue tree = fromJson(QStringLiteral(
        R"({"to": "@body('A')?['Email']", "list": ["@{outputs('A')}", 5], "keep": "A"})"));
    const QJsonValue renamed =
        engine::renameActionReferences(tree, QStringLiteral("A"), QStringLiteral("B"));
    QCOMPARE(
        toJson(renamed),
        toJson(fromJson(QStringLiteral(
            R"({"to": "@body('B')?['Email']", "list": ["@{outputs('B')}", 5], "keep": "A"})"))));
    QCOMPARE(engine::referencedActions(renamed), QStringList{QStringLiteral("B")});
}

void TestExpressions::conditions_data()
{
    QTest::addColumn<QString>("condition"); // JSON
    QTest::addColumn<bool>("expected");
    auto row = [](const char* name, const char* json, bool expected) {
        QTest::newRow(name) << QString::fromUtf8(json) << expected;
    };
    row("equals", R"({"and": [{"equals": ["@variables('counter') ", 5]}]})", true);
    row("upper-case names", R"({"AND": [{"Equals": ["@triggerBody()?['name']", "Ada Lovelace"]}]})",
        true);
    row("not contains",
        R"({"and": [{"not": {"contains": ["@triggerBody()?['email']", "contoso"]}}]})", true);
    row("or", R"({"or": [{"equals": [1, 2]}, {"greater": ["@body('Get_lead')?['Score']", 50]}]})",
        true);
    row("and false", R"({"and": [{"equals": [1, 1]}, {"less": [3, 2]}]})", false);
    row("interpolated operand",
        R"({"and": [{"equals": ["Dear @{triggerBody()?['name']}", "Dear Ada Lovelace"]}]})", true);
    row("startsWith", R"({"and": [{"startsWith": ["@parameters('recipient') ", "OPS"]}]})", true);
    row("endsWith", R"({"and": [{"endsWith": ["@parameters('recipient') ", ".org"]}]})", false);
    row("greaterOrEquals", R"({"and": [{"greaterOrEquals": [2, 2]}]})", true);
    row("lessOrEquals", R"({"and": [{"lessOrEquals": [3, 2]}]})", false);
    row("nested or in and",
        R"({"and": [{"or": [{"equals": [1, 2]}, {"equals": [2, 2]}]}, {"not": {"equals": ["a", "b"]}}]})",
        true);
    row("short-circuit", R"({"or": [{"equals": [1, 1]}, {"equals": ["@div(1, 0) ", 1]}]})", true);
    row("expression string", R"("@equals(variables('counter'), 5) ")", true);
    row("boolean", "false", false);
    row("interpolated expression", R"("@{greater(variables('counter'), 1)}")", true);
}

void TestExpressions::conditions()
{
    QFETCH(QString, condition);
    QFETCH(bool, expected);
    const auto result = engine::evaluateCondition(fromJson(condition), m_context);
    if (!result)
        QFAIL(qPrintable(result.error().toString()));
    QCOMPARE(*result, expected);
}

void TestExpressions::conditionErrors_data()
{
    QTest::addColumn<QString>("condition");
    QTest::addColumn<QString>("error"); // Error::toString()
    auto row = [](const char* name, const char* json, const char* error) {
        QTest::newRow(name) << QString::fromUtf8(json) << QString::fromUtf8(error);
    };
    row("unknown operator", R"({"and": [{"matches": [1, 2]}]})",
        "and[0]: 'matches' is not a condition operator (use and, or, not, equals, greater, "
        "greaterOrEquals, less, lessOrEquals, contains, startsWith or endsWith)");
    row("operand error", R"({"and": [{"equals": ["@int('x') ", 1]}]})",
        "and[0].equals[0]: int: argument 1 'x' is not a number");
    row("wrong count", R"({"and": [{"equals": [1]}]})",
        "and[0].equals: equals takes 2 arguments, not 1");
    row("not a boolean", R"("@variables('counter') ")", "the condition gave 5, not true or false");
    row("plain text", R"("yes")", "the condition gave 'yes', not true or false");
    row("two keys", R"({"and": [], "or": []})",
        "a condition object needs exactly one operator, found 2 keys");
    row("empty and", R"({"and": []})", "and: 'and' needs a non-empty array of conditions");
    row("bad compare", R"({"and": [{"greater": ["a", 1]}]})",
        "and[0].greater: greater: argument 2 1 is a Integer and cannot be compared with a String");
}

void TestExpressions::conditionErrors()
{
    QFETCH(QString, condition);
    QFETCH(QString, error);
    const auto result = engine::evaluateCondition(fromJson(condition), m_context);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().toString(), error);
}

void TestExpressions::evaluateValueWalksTheTree()
{
    const QJsonValue inputs = fromJson(QStringLiteral(R"({
        "To": "@triggerBody()?['email']",
        "Subject": "New lead: @{body('Get_lead')?['Company']} (@{body('Get_lead')?['Score']}) ",
        "Count": "@triggerBody()?['count']",
        "Importance": "Normal",
        "Escaped": "@@notify",
        "@{'keys stay'}": true,
        "Attachments": [{"Name": "a.txt", "ContentData": "@base64('hi') "}],
        "Number": 5
    })"));
    const auto result = engine::evaluateValue(inputs, m_context);
    QVERIFY(result.ok());
    QCOMPARE(toJson(*result), toJson(fromJson(QStringLiteral(R"({
        "To": "ada@example.com",
        "Subject": "New lead: Contoso (75) ",
        "Count": 3,
        "Importance": "Normal",
        "Escaped": "@notify",
        "@{'keys stay'}": true,
        "Attachments": [{"Name": "a.txt", "ContentData": "aGk="}],
        "Number": 5
    })"))));
}

void TestExpressions::evaluateValueNamesTheFailingField()
{
    const QJsonValue inputs = fromJson(QStringLiteral(
        R"({"To": "x@example.com", "Attachments": [{"ContentData": "ok"}, {"ContentData": "@int('abc') "}]})"));
    const auto result = engine::evaluateValue(inputs, m_context);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().field, QStringLiteral("Attachments[1].ContentData"));
    QCOMPARE(result.error().message, QStringLiteral("int: argument 1 'abc' is not a number"));

    const auto syntax = engine::evaluateValue(
        fromJson(QStringLiteral(R"({"Subject": "@{concat('a'}"})")), m_context);
    QVERIFY(!syntax.ok());
    QCOMPARE(syntax.error().toString(),
             QStringLiteral(
                 "Subject: column 13: expected ',' or ')' after argument 1 of concat, found '}'"));
}

void TestExpressions::clockIsInjected()
{
    testsupport::FakeClock clock(QDateTime(QDate(2026, 2, 28), QTime(23, 59, 59), Qt::UTC));
    StaticContext context;
    context.setClock(&clock);
    QCOMPARE(engine::evaluateString(QStringLiteral("@utcNow('yyyy-MM-dd HH:mm:ss')"), context)
                 ->toString(),
             QStringLiteral("2026-02-28 23:59:59"));
    clock.advance(1000);
    QCOMPARE(engine::evaluateString(QStringLiteral("@utcNow('yyyy-MM-dd HH:mm:ss')"), context)
                 ->toString(),
             QStringLiteral("2026-03-01 00:00:00"));
    QCOMPARE(engine::evaluateString(QStringLiteral("@addDays(utcNow(), 1, 'dddd')"), context)
                 ->toString(),
             QStringLiteral("Monday"));
}

void TestExpressions::guidFormats_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("pattern");
    const QString hex = QStringLiteral("[0-9a-f]");
    QTest::newRow("default") << QStringLiteral("@guid()")
                             << QStringLiteral("^%1{8}-%1{4}-%1{4}-%1{4}-%1{12}$").arg(hex);
    QTest::newRow("N") << QStringLiteral("@guid('N')") << QStringLiteral("^%1{32}$").arg(hex);
    QTest::newRow("B") << QStringLiteral("@guid('b')")
                       << QStringLiteral("^\\{%1{8}-%1{4}-%1{4}-%1{4}-%1{12}\\}$").arg(hex);
    QTest::newRow("P") << QStringLiteral("@guid('P')")
                       << QStringLiteral("^\\(%1{8}-%1{4}-%1{4}-%1{4}-%1{12}\\)$").arg(hex);
}

void TestExpressions::guidFormats()
{
    QFETCH(QString, text);
    QFETCH(QString, pattern);
    const auto first = engine::evaluateString(text, m_context);
    const auto second = engine::evaluateString(text, m_context);
    QVERIFY(first.ok() && second.ok());
    QVERIFY2(QRegularExpression(pattern).match(first->toString()).hasMatch(),
             qPrintable(first->toString()));
    QVERIFY(first->toString() != second->toString());
}

void TestExpressions::parsedOnceThenCached()
{
    engine::ExpressionCache::instance().clear();
    const QString text = QStringLiteral("@concat('cached', variables('greeting'))");
    for (int i = 0; i < 3; ++i)
        QCOMPARE(engine::evaluateString(text, m_context)->toString(),
                 QStringLiteral("cachedhello"));
    QCOMPARE(engine::ExpressionCache::instance().size(), 1);
    // Plain text never reaches the cache.
    QCOMPARE(engine::evaluateString(QStringLiteral("just text"), m_context)->toString(),
             QStringLiteral("just text"));
    QCOMPARE(engine::ExpressionCache::instance().size(), 1);
}

void TestExpressions::expressionKinds()
{
    auto value = engine::Expression::parse(QStringLiteral("@triggerBody()"));
    QVERIFY(value.ok());
    QCOMPARE(value->kind(), engine::Expression::Kind::Value);
    QVERIFY(value->root());
    auto interpolation = engine::Expression::parse(QStringLiteral("a @{'b'} c"));
    QCOMPARE(interpolation->kind(), engine::Expression::Kind::Interpolation);
    QCOMPARE(interpolation->segments().size(), 3);
    auto literal = engine::Expression::parse(QStringLiteral("@@x"));
    QCOMPARE(literal->kind(), engine::Expression::Kind::Literal);
    QCOMPARE(*literal->evaluate(m_context), QJsonValue(QStringLiteral("@x")));
    QVERIFY(engine::expressionFunctionNames().contains(QStringLiteral("formatDateTime")));
}

void TestExpressions::deepNestingIsRefused()
{
    QString text = QStringLiteral("@");
    for (int i = 0; i < 500; ++i)
        text += QStringLiteral("concat(");
    const QList<engine::Error> errors = engine::checkSyntax(text);
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors.first().message.endsWith(QStringLiteral("the expression is nested too deeply")),
             qPrintable(errors.first().message));

    // Long chains of property access nest just as deeply.
    QString chain = QStringLiteral("@triggerBody()");
    for (int i = 0; i < 500; ++i)
        chain += QStringLiteral("?.a");
    const QList<engine::Error> chainErrors = engine::checkSyntax(chain);
    QCOMPARE(chainErrors.size(), 1);
    QVERIFY(chainErrors.first().message.endsWith(
        QStringLiteral("the expression is nested too deeply")));
    QString fine = QStringLiteral("@triggerBody()");
    for (int i = 0; i < 100; ++i)
        fine += QStringLiteral("?.a");
    QVERIFY(engine::checkSyntax(fine).isEmpty());
}
void TestExpressions::evaluatesFromManyThreads()
{
    // The runtime evaluates on its own thread while the designer checks
    // syntax on the GUI thread; the shared cache must serve both.
    engine::ExpressionCache::instance().clear();
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([this, t, &wrong] {
            for (int i = 0; i < 500; ++i) {
                const int n = (i + t) % 50;
                const QString text =
                    QStringLiteral("@{add(%1, variables('counter'))}-@{toUpper('x')}").arg(n);
                const auto r = engine::evaluateString(text, m_context);
                if (!r || r->toString() != QStringLiteral("%1-X").arg(n + 5))
                    ++wrong;
                if (!engine::checkSyntax(text).isEmpty())
                    ++wrong;
            }
        });
    }
    for (std::thread& t : threads)
        t.join();
    QCOMPARE(wrong.load(), 0);
    QCOMPARE(engine::ExpressionCache::instance().size(), 50);
}

// A trigger's form body in each shape it arrives in: urlencoded text,
// a content object (as the HTTP request trigger stores it), Logic Apps'
// "$formdata", and multipart/form-data.
void TestExpressions::formData_data()
{
    QTest::addColumn<QString>("outputs"); // the trigger's outputs, JSON
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); // JSON, or the error message

    const QString text = QStringLiteral(
        R"({"headers": {"Content-Type": "application/x-www-form-urlencoded"},
            "body": "name=Ada+Lovelace&tag=a&tag=b&x=%C3%A9"})");
    QTest::newRow("value") << text << "@triggerFormDataValue('name')"
                           << R"("Ada Lovelace")";
    QTest::newRow("encoded") << text << "@triggerFormDataValue('x')"
                             << R"("é")";
    QTest::newRow("missing") << text << "@triggerFormDataValue('nope')"
                             << "null";
    QTest::newRow("many") << text << "@triggerFormDataMultiValues('tag')"
                          << R"(["a","b"])";
    QTest::newRow("many of one") << text << "@triggerFormDataMultiValues('name')"
                                 << R"(["Ada Lovelace"])";
    QTest::newRow("two where one is wanted")
        << text << "@triggerFormDataValue('tag')"
        << "triggerFormDataValue: the form has 2 values for 'tag'; use the MultiValues function";

    const QString content =
        QStringLiteral(R"({"body": {"$content-type": "application/x-www-form-urlencoded",
                          "$content": "%1"}})")
            .arg(QString::fromLatin1(QByteArray("a=1&b=2").toBase64()));
    QTest::newRow("content object") << content << "@triggerFormDataValue('b')"
                                    << R"("2")";

    const QString formdata = QStringLiteral(
        R"({"body": {"$content-type": "application/x-www-form-urlencoded",
                     "$formdata": [{"key": "k", "value": "v1"}, {"key": "k", "value": "v2"}]}})");
    QTest::newRow("$formdata") << formdata << "@triggerFormDataMultiValues('k')"
                               << R"(["v1","v2"])";

    const QByteArray multipart = "--XyZ\r\nContent-Disposition: form-data; name=\"field\"\r\n\r\n"
                                 "value 1\r\n--XyZ\r\nContent-Disposition: form-data; "
                                 "name=\"file\"; filename=\"a.bin\"\r\nContent-Type: "
                                 "application/octet-stream\r\n\r\n\x01\x02\r\n--XyZ--\r\n";
    const QString parts =
        QStringLiteral(R"({"body": {"$content-type": "multipart/form-data; boundary=XyZ",
                          "$content": "%1"}})")
            .arg(QString::fromLatin1(multipart.toBase64()));
    QTest::newRow("multipart field") << parts << "@triggerFormDataValue('field')"
                                     << R"("value 1")";
    QTest::newRow("multipart text part") << parts << "@triggerMultipartBody(0)"
                                         << R"("value 1")";
    QTest::newRow("multipart binary part")
        << parts << "@triggerMultipartBody(1)"
        << R"({"$content-type": "application/octet-stream", "$content": "AQI="})";
    QTest::newRow("multipart part out of range")
        << parts << "@triggerMultipartBody(2)"
        << "triggerMultipartBody: argument 1 2 is not a part; the body has 2 parts";
    QTest::newRow("json is not a form")
        << QStringLiteral(R"({"body": {"a": 1}})") << "@triggerFormDataValue('a')"
        << "triggerFormDataValue: the body is not form data (application/x-www-form-urlencoded "
           "or multipart/form-data)";
}

void TestExpressions::formData()
{
    QFETCH(QString, outputs);
    QFETCH(QString, text);
    QFETCH(QString, expected);
    StaticContext context;
    context.setTrigger(QJsonObject{{"outputs", fromJson(outputs)}});
    const auto result = engine::evaluateString(text, context);
    if (!result) {
        QCOMPARE(result.error().message, expected);
        return;
    }
    QCOMPARE(toJson(*result), toJson(fromJson(expected)));
}

#endif // Q_MOC_RUN

QTEST_GUILESS_MAIN(TestExpressions)
#include "tst_expressions.moc"
