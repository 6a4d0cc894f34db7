// libFuzzer target for the expression language: every input is parsed,
// checked, rewritten and evaluated against a fixed context. Crashes,
// sanitizer reports and broken invariants (abort) are findings.

#include "engine/expressions/ExpressionParser.h"
#include "engine/expressions/Expressions.h"
#include "engine/expressions/StaticContext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdlib>

namespace {

class FixedClock final : public engine::Clock
{
public:
    QDateTime now() const override
    {
        return QDateTime(QDate(2026, 1, 5), QTime(9, 0, 0, 123), Qt::UTC);
    }
    qint64 monotonicMs() const override { return 0; }
};

const engine::StaticContext& context()
{
    static FixedClock clock;
    static engine::StaticContext c = [] {
        engine::StaticContext ctx;
        ctx.setClock(&clock);
        const QJsonObject body = QJsonDocument::fromJson(
                                     R"({"name":"Ada","count":3,"price":2.5,"tags":["a","b"],
                                         "nested":{"Inner":{"v":1}},"nothing":null,"flag":true,
                                         "when":"2026-03-15T13:45:30Z"})")
                                     .object();
        ctx.setTriggerBody(body);
        ctx.setActionBody(QStringLiteral("A"), body);
        ctx.setVariable(QStringLiteral("v"), 5);
        ctx.setVariable(QStringLiteral("s"), QStringLiteral("text"));
        ctx.setParameter(QStringLiteral("p"), QJsonArray{1, 2, 3});
        ctx.setAppSetting(QStringLiteral("S"), QStringLiteral("x"));
        ctx.setItem(QStringLiteral("L"), body);
        ctx.setResult(QStringLiteral("R"), QJsonArray{body});
        return ctx;
    }();
    return c;
}

void check(bool condition)
{
    if (!condition)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QString text =
        QString::fromUtf8(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));

    // The parser without the cache, so every input is really parsed.
    const auto parsed = engine::ExpressionParser::parse(text);
    const QList<engine::Error> syntax = engine::checkSyntax(text);
    check(parsed.ok() == syntax.isEmpty());
    if (!parsed.ok())
        check(parsed.error().message.startsWith(QLatin1String("column ")));

    const bool expression = engine::isExpression(text);
    const auto value = engine::evaluateString(text, context());
    // Plain text never fails and never needs the context.
    if (!expression)
        check(value.ok() && value->isString());
    if (value.ok() && parsed.ok() && parsed->kind() == engine::Expression::Kind::Interpolation)
        check(value->isString());
    if (!value.ok())
        check(!value.error().message.isEmpty());

    // Renaming keeps a parsable text parsable.
    (void)engine::referencedActions(text);
    const QString renamed =
        engine::renameActionReferences(text, QStringLiteral("A"), QStringLiteral("It's B"));
    if (parsed.ok())
        check(engine::ExpressionParser::parse(renamed).ok());

    // JSON inputs also go through the tree walker and the condition forms.
    const QJsonDocument doc = QJsonDocument::fromJson(
        QByteArray::fromRawData(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size)));
    if (!doc.isNull()) {
        const QJsonValue tree = doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
        (void)engine::evaluateValue(tree, context());
        (void)engine::evaluateCondition(tree, context());
        (void)engine::checkSyntax(tree);
    }
    return 0;
}
