#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QScrollArea;
class QStackedWidget;

namespace engine {
class Catalogue;
class SecretStore;
} // namespace engine

namespace designer {

class ConnectionDialog;
class ProjectConnections;
class StepForm;
class WorkflowDocument;

// The side panel that shows the selected step's form, with the step's
// icon, name and operation above it. Follows the document: the form reloads
// when the step changes underneath (undo, code view) and goes when the step
// does. Creating or editing a connection opens ConnectionDialog with the
// panel's secret store (the OS keychain unless one is injected).
class StepFormPanel : public QWidget
{
    Q_OBJECT
public:
    StepFormPanel(WorkflowDocument* document, const engine::Catalogue& catalogue,
                  QWidget* parent = nullptr);
    ~StepFormPanel() override;

    // Shows `step`'s form; an empty name shows the hint to pick a step.
    void setStep(const QString& step);
    QString step() const { return m_step; }
    StepForm* form() const { return m_form; }
    // Focuses a field of the shown form ("To", "Attachments[0].FileName").
    bool focusField(const QString& field);

    // Where passwords go; not owned. Default: the OS keychain.
    void setSecretStore(engine::SecretStore* store);
    engine::SecretStore* secretStore() const;
    ProjectConnections* connections() const { return m_connections; }

    // The dialog currently open for a connection (tests fill it in), null when none.
    ConnectionDialog* connectionDialog() const;

public Q_SLOTS:
    // Opens the connection dialog for a new connection or an existing one;
    // when it is saved, the shown step uses the connection.
    void editConnection(const QString& connector, const QString& name = {});

Q_SIGNALS:
    // Esc in the panel: the window may hide it.
    void closeRequested();

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    void buildPage();
    void rebuild();
    void onStepsChanged();
    void onStepChanged(const QString& step);
    void updateHeader();

    WorkflowDocument* m_document;
    const engine::Catalogue& m_catalogue;
    ProjectConnections* m_connections = nullptr;
    engine::SecretStore* m_secrets = nullptr;
    std::unique_ptr<engine::SecretStore> m_keychain;
    QString m_step;
    QStackedWidget* m_stack = nullptr;
    QWidget* m_empty = nullptr;
    QWidget* m_page = nullptr;
    QLabel* m_icon = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_subtitle = nullptr;
    QScrollArea* m_scroll = nullptr;
    StepForm* m_form = nullptr;
    QPointer<ConnectionDialog> m_dialog;
};

} // namespace designer
