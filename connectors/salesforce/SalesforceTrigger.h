#pragma once

#include "connectors/salesforce/SalesforceClient.h"
#include "engine/catalogue/Job.h"

#include <QDateTime>
#include <QJsonArray>
#include <QPointer>
#include <QStringList>
#include <memory>

namespace connectors::schedule {
class RecurrenceTrigger;
}

namespace connectors::salesforce {

// Salesforce "When an object is created" (ApiConnection .../tables/{Object}/onnewitems):
// on each recurrence it queries the REST API with SOQL for records of the
// object created after the watermark (CreatedDate, then Id, so records created
// in the same second are neither missed nor repeated), follows nextRecordsUrl,
// and fires once per record with splitOn, or once with {"value":[...]}
// without. The watermark is saved after each record fires, so a restart
// continues where it stopped. On the very first start the watermark is "now":
// records that existed before the trigger was set up do not fire.
class SalesforceTrigger : public engine::TriggerSource
{
    Q_OBJECT
    Q_PROPERTY(QString workflowName READ workflowName WRITE setWorkflowName)
    Q_PROPERTY(QString stateDirectory READ stateDirectory WRITE setStateDirectory)
public:
    explicit SalesforceTrigger(QObject* parent = nullptr);
    ~SalesforceTrigger() override;

    bool start(const QJsonObject& trigger, const engine::JobContext& context,
               QString* errorMessage) override;
    void stop() override;

    QString workflowName() const { return m_workflow; }
    void setWorkflowName(const QString& name) { m_workflow = name; }
    QString stateDirectory() const { return m_stateDir; }
    void setStateDirectory(const QString& dir) { m_stateDir = dir; }
    QString stateFile() const;

    QString objectType() const { return m_object; }
    QDateTime watermarkTime() const { return m_watermarkTime; }
    QString watermarkId() const { return m_watermarkId; }
    // The SOQL of the next poll.
    QString soql() const;
    const SalesforceClient* client() const { return m_client.get(); }

    // The object named in an onnewitems path, e.g. from
    // "/datasets/default/tables/@{encodeURIComponent(encodeURIComponent('Lead'))}/onnewitems".
    static QString objectFromPath(const QString& path);
    // Salesforce writes "2026-01-05T09:00:00.000+0000".
    static QDateTime parseSalesforceTime(const QString& text);

public Q_SLOTS:
    // Polls now unless a poll is already running.
    void poll();

Q_SIGNALS:
    // After each poll, with how many records fired.
    void polled(int records);

private:
    void queryPage(const QString& pathOrUrl);
    void finishPoll(bool ok);
    void saveState();
    void handleRecords(const QJsonArray& records);

    QString m_workflow;
    QString m_trigger;
    QString m_stateDir;
    QString m_object;
    QString m_filter; // SOQL condition from $filter
    bool m_split = true;
    std::unique_ptr<SalesforceClient> m_client;
    std::unique_ptr<schedule::RecurrenceTrigger> m_timer;
    QStringList m_fields;
    QDateTime m_watermarkTime;
    QString m_watermarkId;
    QJsonArray m_batch; // without splitOn: the records of this poll
    bool m_busy = false;
    bool m_running = false;
    int m_firedThisPoll = 0;
};

} // namespace connectors::salesforce
