#include "designer/runs/TriggerBodyDialog.h"

#include "engine/catalogue/Catalogue.h"
#include "engine/workflow/Workflow.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace designer {
namespace {

// An example value for an output or schema property, by name and type.
QJsonValue exampleValue(const QString& key, const QString& type)
{
    const QString k = key.toLower();
    if (type == QLatin1String("number") || type == QLatin1String("integer"))
        return 0;
    if (type == QLatin1String("boolean"))
        return false;
    if (type == QLatin1String("array"))
        return QJsonArray();
    if (type == QLatin1String("object"))
        return QJsonObject();
    if (k.contains(QLatin1String("email")))
        return QStringLiteral("someone@example.com");
    if (k.contains(QLatin1String("date")) || k.endsWith(QLatin1String("time")))
        return QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    if (k == QLatin1String("id") || k.endsWith(QLatin1String("id")))
        return QStringLiteral("00Q000000000001");
    return QStringLiteral("Sample %1").arg(key);
}

QJsonObject fromSchema(const QJsonObject& schema)
{
    QJsonObject body;
    const QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
    for (auto it = properties.constBegin(); it != properties.constEnd(); ++it) {
        const QJsonObject property = it.value().toObject();
        const QString type = property.value(QStringLiteral("type")).toString();
        body.insert(it.key(), type == QLatin1String("object") ? QJsonValue(fromSchema(property))
                                                              : exampleValue(it.key(), type));
    }
    return body;
}

} // namespace

TriggerBodyDialog::TriggerBodyDialog(QWidget* parent)
    : QDialog(parent), m_edit(new QPlainTextEdit(this)), m_error(new QLabel(this))
{
    setWindowTitle(tr("Run with Trigger Body"));
    setObjectName(QStringLiteral("triggerBodyDialog"));
    auto* intro = new QLabel(
        tr("The trigger's body for this run, as JSON. Steps read it with triggerBody()."), this);
    intro->setWordWrap(true);
    m_edit->setObjectName(QStringLiteral("triggerBodyEdit"));
    m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_edit->setTabChangesFocus(true);
    m_error->setObjectName(QStringLiteral("triggerBodyError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c4314b;"));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_run = buttons->addButton(tr("&Run"), QDialogButtonBox::AcceptRole);
    m_run->setObjectName(QStringLiteral("triggerBodyRun"));
    m_run->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_edit, &QPlainTextEdit::textChanged, this, &TriggerBodyDialog::check);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    resize(520, 420);
    check();
}

void TriggerBodyDialog::setBody(const QJsonValue& body)
{
    if (body.isObject())
        setText(QString::fromUtf8(QJsonDocument(body.toObject()).toJson(QJsonDocument::Indented)));
    else if (body.isArray())
        setText(QString::fromUtf8(QJsonDocument(body.toArray()).toJson(QJsonDocument::Indented)));
    else
        setText(QString::fromUtf8(QJsonDocument(QJsonArray{body}).toJson(QJsonDocument::Compact))
                    .mid(1)
                    .chopped(1));
}

void TriggerBodyDialog::setText(const QString& text)
{
    m_edit->setPlainText(text);
    check();
}

QString TriggerBodyDialog::text() const
{
    return m_edit->toPlainText();
}

QString TriggerBodyDialog::errorText() const
{
    return m_error->text();
}

QJsonValue TriggerBodyDialog::parse(const QString& text, QString* error)
{
    const QByteArray utf8 = text.toUtf8();
    if (utf8.trimmed().isEmpty()) {
        // No body at all is a body too (a manual trigger without input).
        return QJsonValue(QJsonValue::Null);
    }
    // Wrapped in an array so a bare string or number is JSON as well.
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson("[" + utf8 + "\n]", &parseError);
    if (parseError.error == QJsonParseError::NoError && doc.array().size() == 1)
        return doc.array().first();
    if (error) {
        const int offset = qBound(0, parseError.offset - 1, int(utf8.size()));
        const QByteArray before = utf8.left(offset);
        const int line = int(before.count('\n')) + 1;
        const int column = int(offset - (before.lastIndexOf('\n') + 1)) + 1;
        *error = tr("Not JSON: line %1, column %2: %3")
                     .arg(line)
                     .arg(column)
                     .arg(parseError.error == QJsonParseError::NoError ? tr("more than one value")
                                                                       : parseError.errorString());
    }
    return QJsonValue(QJsonValue::Undefined);
}

void TriggerBodyDialog::check()
{
    QString error;
    m_body = parse(m_edit->toPlainText(), &error);
    m_error->setText(m_body.isUndefined() ? error : QString());
    m_run->setEnabled(!m_body.isUndefined());
}

QJsonObject TriggerBodyDialog::sampleBody(const engine::Workflow& workflow,
                                          const engine::Catalogue& catalogue)
{
    const QStringList triggers = workflow.triggerNames();
    if (triggers.isEmpty())
        return {};
    const QJsonObject trigger = workflow.stepJson(triggers.first());
    const QJsonObject schema = trigger.value(QStringLiteral("inputs"))
                                   .toObject()
                                   .value(QStringLiteral("schema"))
                                   .toObject();
    if (!schema.isEmpty())
        return fromSchema(schema);
    QJsonObject body;
    const auto match = catalogue.recognise(trigger);
    if (!match.operation)
        return body;
    // Outputs read as triggerBody()?['Key'] become the body's keys.
    static const QRegularExpression bodyKey(QStringLiteral(R"(^triggerBody\(\)\?\['([^']+)'\]$)"));
    for (const engine::OutputSchema& out : match.operation->outputs) {
        const auto m = bodyKey.match(out.expression);
        if (m.hasMatch())
            body.insert(m.captured(1), exampleValue(m.captured(1), out.type));
    }
    return body;
}

} // namespace designer
