#pragma once

#include <QDialog>
#include <QJsonValue>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace engine {
class Catalogue;
class Workflow;
} // namespace engine

namespace designer {

// "Run with trigger body": the JSON the trigger would have produced (a Lead,
// an HTTP request's body), typed or edited by the person before the run. It
// opens with the last body used for the file or, the first time, a sample
// made from the trigger's outputs (Salesforce fields, the HTTP request's
// JSON schema), and refuses to run text that is not JSON, saying where.
//
//   TriggerBodyDialog dialog(this);
//   dialog.setBody(TriggerBodyDialog::sampleBody(workflow, catalogue));
//   if (dialog.exec() == QDialog::Accepted) controller->run(*document, dialog.body());
class TriggerBodyDialog : public QDialog
{
    Q_OBJECT
public:
    explicit TriggerBodyDialog(QWidget* parent = nullptr);

    void setBody(const QJsonValue& body);
    void setText(const QString& text);
    QString text() const;
    // The parsed body; undefined while the text is not JSON.
    QJsonValue body() const { return m_body; }
    // The error shown, empty when the text is JSON.
    QString errorText() const;

    // The body in `text` (empty text: null); undefined when it is not JSON,
    // with `error` saying where.
    static QJsonValue parse(const QString& text, QString* error = nullptr);

    // An example body for the workflow's trigger: one value per output the
    // trigger's schema names (triggerBody()?['Email'] -> "Email"), or per
    // property of an HTTP request trigger's JSON schema; {} when unknown.
    static QJsonObject sampleBody(const engine::Workflow& workflow,
                                  const engine::Catalogue& catalogue);

private:
    void check();

    QPlainTextEdit* m_edit;
    QLabel* m_error;
    QPushButton* m_run;
    QJsonValue m_body;
};

} // namespace designer
