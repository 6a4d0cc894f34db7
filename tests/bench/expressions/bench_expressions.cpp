// How long evaluating one step's inputs takes: a Send email action's inputs
// (a dozen fields, half of them expressions) against a run context, once
// with the parse cache warm and once parsing every time.

#include "engine/expressions/ExpressionCache.h"
#include "engine/expressions/ExpressionParser.h"
#include "engine/expressions/Expressions.h"
#include "engine/expressions/StaticContext.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <cstdlib>
#include <ctime>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const int iterations = argc > 1 ? std::atoi(argv[1]) : 100000;

    engine::StaticContext context;
    context.setTriggerBody(QJsonDocument::fromJson(R"({"FirstName":"Ada","LastName":"Lovelace",
        "Email":"ada@example.com","Company":"Analytical Engines","LeadSource":"Web","Id":"00Q5"})")
                               .object());
    context.setActionBody(
        QStringLiteral("Get_owner"),
        QJsonDocument::fromJson(R"({"Email":"owner@example.com","Name":"Bea"})").object());
    context.setParameter(QStringLiteral("sender"), QStringLiteral("noreply@example.com"));

    const QJsonValue inputs = QJsonDocument::fromJson(R"JSON({
        "host": {"connection": {"referenceName": "smtp"}},
        "method": "post",
        "path": "/SendEmailV3",
        "body": {
            "From": "@parameters('sender')",
            "To": "@{body('Get_owner')?['Email']}",
            "CC": "sales@example.com",
            "Subject": "New lead: @{triggerBody()?['FirstName']} @{triggerBody()?['LastName']} (@{triggerBody()?['Company']})",
            "Body": "<p>Hello @{body('Get_owner')?['Name']},</p><p>@{toUpper(triggerBody()?['LeadSource'])} lead @{triggerBody()?['Id']} arrived at @{formatDateTime(utcNow(), 'yyyy-MM-dd HH:mm')}.</p>",
            "Importance": "Normal",
            "IsHtml": true,
            "Attachments": [{"Name": "lead.json", "ContentData": "@{base64(string(triggerBody()))}"}]
}
})JSON")
                                  .object();

    QTextStream out(stdout);
    auto run = [&](const char* label, bool clearEachTime) {
        // CPU time as well as wall time: the machine may be busy with other work.
        QElapsedTimer timer;
        timer.start();
        const std::clock_t cpuStart = std::clock();
        for (int i = 0; i < iterations; ++i) {
            if (clearEachTime)
                engine::ExpressionCache::instance().clear();
            const auto result = engine::evaluateValue(inputs, context);
            if (!result) {
                out << "error: " << result.error().toString() << Qt::endl;
                std::exit(1);
            }
        }
        const double cpuUs = double(std::clock() - cpuStart) * 1e6 / CLOCKS_PER_SEC / iterations;
        const double wallUs = double(timer.nsecsElapsed()) / 1000.0 / iterations;
        out << label << ": " << QString::number(cpuUs, 'f', 1) << " us CPU, "
            << QString::number(wallUs, 'f', 1) << " us wall per step's inputs (" << iterations
            << " iterations)" << Qt::endl;
    };
    run("cached parse", false);
    run("parse every time", true);
    return 0;
}
