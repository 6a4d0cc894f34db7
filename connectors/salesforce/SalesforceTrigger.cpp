#include "connectors/salesforce/SalesforceTrigger.h"

#include "connectors/schedule/RecurrenceTrigger.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUrl>

Q_DECLARE_LOGGING_CATEGORY(lcSalesforce)

namespace connectors::salesforce {
namespace {

QString soqlTime(const QDateTime& t)
{
    // SOQL dateTime literal (no quotes), UTC.
    return t.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) + QLatin1Char('Z');
}

QString soqlString(const QString& s)
{
    QString out = s;
    out.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
        .replace(QLatin1Char('\''), QStringLiteral("\\'"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

// The OData $filter forms the designer writes ("Status eq 'Open' and
// LeadSource ne 'Web'") as a SOQL condition; nullopt for anything else.
std::optional<QString> filterToSoql(const QString& filter)
{
    static const QRegularExpression term(
        QStringLiteral("^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s+(eq|ne|gt|ge|lt|le)\\s+('(?:[^']|'')*'|-?["
                       "0-9.]+|true|false|null)\\s*$"),
        QRegularExpression::CaseInsensitiveOption);
    static const QHash<QString, QString> ops = {
        {QStringLiteral("eq"), QStringLiteral("=")}, {QStringLiteral("ne"), QStringLiteral("!=")},
        {QStringLiteral("gt"), QStringLiteral(">")}, {QStringLiteral("ge"), QStringLiteral(">=")},
        {QStringLiteral("lt"), QStringLiteral("<")}, {QStringLiteral("le"), QStringLiteral("<=")}};
    QStringList out;
    for (const QString& part : filter.split(QRegularExpression(
             QStringLiteral("\\s+and\\s+"), QRegularExpression::CaseInsensitiveOption))) {
        const auto m = term.match(part);
        if (!m.hasMatch())
            return std::nullopt;
        QString value = m.captured(3);
        if (value.startsWith(QLatin1Char('\'')))
            value = soqlString(
                value.mid(1, value.size() - 2).replace(QStringLiteral("''"), QStringLiteral("'")));
        out.append(m.captured(1) + QLatin1Char(' ') + ops.value(m.captured(2).toLower()) +
                   QLatin1Char(' ') + value);
    }
    return out.join(QStringLiteral(" AND "));
}

} // namespace

SalesforceTrigger::SalesforceTrigger(QObject* parent) : engine::TriggerSource(parent) {}

SalesforceTrigger::~SalesforceTrigger()
{
    stop();
}

QString SalesforceTrigger::objectFromPath(const QString& path)
{
    static const QRegularExpression segment(QStringLiteral("/tables/([^/]+)/"));
    const auto m = segment.match(path);
    if (!m.hasMatch())
        return {};
    const QString raw = m.captured(1);
    static const QRegularExpression quoted(QStringLiteral("'([^']+)'"));
    const auto q = quoted.match(raw);
    QString name = q.hasMatch() ? q.captured(1) : raw;
    // The managed connector encodes the name twice.
    name = QUrl::fromPercentEncoding(QUrl::fromPercentEncoding(name.toUtf8()).toUtf8());
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z][A-Za-z0-9_]*$"));
    return valid.match(name).hasMatch() ? name : QString();
}

QDateTime SalesforceTrigger::parseSalesforceTime(const QString& text)
{
    QString t = text.trimmed();
    static const QRegularExpression offset(QStringLiteral("([+-]\\d\\d)(\\d\\d)$"));
    t.replace(offset, QStringLiteral("\\1:\\2"));
    QDateTime d = QDateTime::fromString(t, Qt::ISODateWithMs);
    return d.isValid() ? d.toUTC() : d;
}

QString SalesforceTrigger::stateFile() const
{
    const QString dir = m_stateDir.isEmpty()
                            ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
                                  QStringLiteral("/triggers")
                            : m_stateDir;
    return dir + QLatin1Char('/') +
           (m_workflow.isEmpty() ? QStringLiteral("workflow") : m_workflow) + QLatin1Char('.') +
           m_trigger + QStringLiteral(".salesforce.json");
}

bool SalesforceTrigger::start(const QJsonObject& trigger, const engine::JobContext& context,
                              QString* errorMessage)
{
    auto fail = [errorMessage](const QString& message) {
        if (errorMessage)
            *errorMessage = message;
        return false;
    };
    m_trigger = context.stepName.isEmpty() ? QStringLiteral("trigger") : context.stepName;
    const QJsonObject inputs = trigger.value(QStringLiteral("inputs")).toObject();
    m_object = objectFromPath(inputs.value(QStringLiteral("path")).toString());
    if (m_object.isEmpty())
        return fail(QStringLiteral("inputs.path: ") +
                    tr("names no Salesforce object (expected .../tables/<Object>/onnewitems)"));
    const QString filter = inputs.value(QStringLiteral("queries"))
                               .toObject()
                               .value(QStringLiteral("$filter"))
                               .toString();
    m_filter.clear();
    if (!filter.trimmed().isEmpty()) {
        const auto soqlFilter = filterToSoql(filter);
        if (!soqlFilter)
            return fail(QStringLiteral("inputs.queries.$filter: ") +
                        tr("only conditions like \"Status eq 'Open' and Rating ne 'Cold'\" are "
                           "supported here"));
        m_filter = *soqlFilter;
    }
    m_split = trigger.contains(QStringLiteral("splitOn"));

    auto settings = SalesforceClient::Settings::fromConnection(context.connection);
    if (!settings)
        return fail(QStringLiteral("connection.") + settings.error().toString());
    m_client = std::make_unique<SalesforceClient>(*settings);

    QJsonObject recurrence = trigger.value(QStringLiteral("recurrence")).toObject();
    if (recurrence.isEmpty())
        recurrence = QJsonObject{{QStringLiteral("frequency"), QStringLiteral("Minute")},
                                 {QStringLiteral("interval"), 3}};
    m_timer = std::make_unique<schedule::RecurrenceTrigger>();
    connect(m_timer.get(), &engine::TriggerSource::fired, this, &SalesforceTrigger::poll);
    QString recurrenceError;
    if (!m_timer->start(QJsonObject{{QStringLiteral("recurrence"), recurrence}}, context,
                        &recurrenceError))
        return fail(recurrenceError);

    QFile state(stateFile());
    if (state.open(QIODevice::ReadOnly)) {
        const QJsonObject o = QJsonDocument::fromJson(state.readAll()).object();
        m_watermarkTime = parseSalesforceTime(o.value(QStringLiteral("createdDate")).toString());
        m_watermarkId = o.value(QStringLiteral("id")).toString();
    }
    if (!m_watermarkTime.isValid()) {
        const engine::Clock* clock = context.clock ? context.clock : &engine::Clock::system();
        // CreatedDate has whole seconds: a record made later in this same
        // second must not look older than the watermark.
        const QDateTime now = clock->now().toUTC();
        m_watermarkTime = now.addMSecs(-now.time().msec());
        m_watermarkId.clear();
        saveState();
    }
    m_fields.clear();
    m_running = true;
    qCInfo(lcSalesforce) << "watching" << m_object << "records created after"
                         << soqlTime(m_watermarkTime) << m_watermarkId;
    m_timer->poll(); // first poll at start, as a new polling trigger does
    return true;
}

void SalesforceTrigger::stop()
{
    m_running = false;
    if (m_timer)
        m_timer->stop();
}

QString SalesforceTrigger::soql() const
{
    const QString fields = m_fields.isEmpty() ? QStringLiteral("Id, CreatedDate")
                                              : m_fields.join(QStringLiteral(", "));
    QString where = QStringLiteral("(CreatedDate > %1").arg(soqlTime(m_watermarkTime));
    if (!m_watermarkId.isEmpty())
        where += QStringLiteral(" OR (CreatedDate = %1 AND Id > %2)")
                     .arg(soqlTime(m_watermarkTime), soqlString(m_watermarkId));
    where += QLatin1Char(')');
    if (!m_filter.isEmpty())
        where += QStringLiteral(" AND (") + m_filter + QLatin1Char(')');
    return QStringLiteral("SELECT %1 FROM %2 WHERE %3 ORDER BY CreatedDate ASC, Id ASC")
        .arg(fields, m_object, where);
}

void SalesforceTrigger::poll()
{
    if (!m_running || m_busy || !m_client)
        return;
    m_busy = true;
    m_firedThisPoll = 0;
    m_batch = QJsonArray();
    if (!m_fields.isEmpty()) {
        queryPage(m_client->dataPath() + QStringLiteral("/query?q=") +
                  QString::fromLatin1(QUrl::toPercentEncoding(soql())));
        return;
    }
    // Every field of the object, as the managed trigger returns whole records.
    m_client->get(
        m_client->dataPath() + QStringLiteral("/sobjects/") + m_object +
            QStringLiteral("/describe"),
        [this](const engine::Result<QJsonObject>& describe) {
            if (!describe) {
                Q_EMIT failed(describe.error().toString());
                finishPoll(false);
                return;
            }
            QStringList fields;
            for (const QJsonValue& f : describe->value(QStringLiteral("fields")).toArray()) {
                const QString name = f.toObject().value(QStringLiteral("name")).toString();
                // Compound fields (Address) cannot be selected in SOQL by name alone.
                const QString type = f.toObject().value(QStringLiteral("type")).toString();
                if (!name.isEmpty() && type != QLatin1String("address") &&
                    type != QLatin1String("location"))
                    fields.append(name);
            }
            for (const char* needed : {"Id", "CreatedDate"}) {
                if (!fields.contains(QLatin1String(needed)))
                    fields.prepend(QLatin1String(needed));
            }
            m_fields = fields;
            queryPage(m_client->dataPath() + QStringLiteral("/query?q=") +
                      QString::fromLatin1(QUrl::toPercentEncoding(soql())));
        });
}

void SalesforceTrigger::queryPage(const QString& pathOrUrl)
{
    m_client->get(pathOrUrl, [this](const engine::Result<QJsonObject>& page) {
        if (!page) {
            Q_EMIT failed(page.error().toString());
            finishPoll(false);
            return;
        }
        if (!m_running) {
            finishPoll(false);
            return;
        }
        handleRecords(page->value(QStringLiteral("records")).toArray());
        const QString next = page->value(QStringLiteral("nextRecordsUrl")).toString();
        if (!page->value(QStringLiteral("done")).toBool(true) && !next.isEmpty()) {
            queryPage(next);
            return;
        }
        finishPoll(true);
    });
}

void SalesforceTrigger::handleRecords(const QJsonArray& records)
{
    for (const QJsonValue& value : records) {
        const QJsonObject record = value.toObject();
        const QDateTime created =
            parseSalesforceTime(record.value(QStringLiteral("CreatedDate")).toString());
        const QString id = record.value(QStringLiteral("Id")).toString();
        if (!created.isValid() || id.isEmpty())
            continue;
        // A record at or before the watermark was handled already.
        if (created < m_watermarkTime || (created == m_watermarkTime && id <= m_watermarkId))
            continue;
        if (m_split) {
            m_watermarkTime = created;
            m_watermarkId = id;
            ++m_firedThisPoll;
            Q_EMIT fired(QJsonObject{{QStringLiteral("headers"), QJsonObject{}},
                                     {QStringLiteral("body"), record}});
            saveState();
        } else {
            m_batch.append(record);
            m_watermarkTime = created;
            m_watermarkId = id;
        }
    }
}

void SalesforceTrigger::finishPoll(bool ok)
{
    if (ok && !m_split && !m_batch.isEmpty()) {
        m_firedThisPoll = int(m_batch.size());
        Q_EMIT fired(
            QJsonObject{{QStringLiteral("headers"), QJsonObject{}},
                        {QStringLiteral("body"), QJsonObject{{QStringLiteral("value"), m_batch}}}});
        saveState();
    }
    m_batch = QJsonArray();
    m_busy = false;
    Q_EMIT polled(m_firedThisPoll);
}

void SalesforceTrigger::saveState()
{
    const QString path = stateFile();
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    const QJsonObject o{{QStringLiteral("object"), m_object},
                        {QStringLiteral("createdDate"), soqlTime(m_watermarkTime)},
                        {QStringLiteral("id"), m_watermarkId}};
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(o).toJson()) < 0 ||
        !file.commit())
        Q_EMIT failed(tr("cannot save the Salesforce watermark to %1").arg(path));
}

} // namespace connectors::salesforce
