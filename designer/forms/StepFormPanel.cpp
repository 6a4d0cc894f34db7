#include "designer/forms/StepFormPanel.h"

#include "designer/canvas/IconCache.h"
#include "designer/document/WorkflowDocument.h"
#include "designer/forms/ConnectionDialog.h"
#include "designer/forms/DynamicContent.h"
#include "designer/forms/EmptyState.h"
#include "designer/forms/FieldEditor.h"
#include "designer/forms/ProjectConnections.h"
#include "designer/forms/StepForm.h"
#include "engine/catalogue/Catalogue.h"
#include "engine/connections/KeychainSecretStore.h"
#include "engine/workflow/Workflow.h"
#include "resources/Resources.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QIcon>
#include <QKeyEvent>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace designer {

StepFormPanel::StepFormPanel(WorkflowDocument* document, const engine::Catalogue& catalogue,
                             QWidget* parent)
    : QWidget(parent), m_document(document), m_catalogue(catalogue)
{
    setObjectName(QStringLiteral("stepFormPanel"));
    m_connections = new ProjectConnections(document, this);
    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    m_stack = new QStackedWidget(this);
    column->addWidget(m_stack);

    m_empty = new EmptyState(tr("Select a step on the canvas to see its settings here."), this);
    m_empty->setObjectName(QStringLiteral("stepFormEmpty"));
    m_stack->addWidget(m_empty);

    // The page for a step (header, form) is made when a step is first
    // chosen (buildPage): the window starts with none chosen.
    connect(m_document, &WorkflowDocument::stepChanged, this, &StepFormPanel::onStepChanged);
    connect(m_document, &WorkflowDocument::stepsChanged, this, &StepFormPanel::onStepsChanged);
    connect(m_connections, &ProjectConnections::changed, this, [this] {
        if (m_form)
            m_form->reloadConnections();
    });
    setMinimumWidth(320);
}

StepFormPanel::~StepFormPanel() = default;

void StepFormPanel::buildPage()
{
    if (m_page)
        return;
    m_page = new QWidget(this);
    auto* page = new QVBoxLayout(m_page);
    page->setContentsMargins(0, 0, 0, 0);
    page->setSpacing(0);
    auto* header = new QWidget(m_page);
    header->setObjectName(QStringLiteral("stepFormHeader"));
    auto* headerRow = new QHBoxLayout(header);
    headerRow->setContentsMargins(12, 10, 12, 8);
    headerRow->setSpacing(10);
    m_icon = new QLabel(header);
    m_icon->setFixedSize(28, 28);
    auto* names = new QVBoxLayout;
    names->setSpacing(0);
    m_title = new QLabel(header);
    m_title->setObjectName(QStringLiteral("stepFormTitle"));
    QFont titleFont = m_title->font();
    titleFont.setWeight(QFont::DemiBold);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.1);
    m_title->setFont(titleFont);
    m_subtitle = new QLabel(header);
    m_subtitle->setObjectName(QStringLiteral("stepFormSubtitle"));
    QPalette grey = m_subtitle->palette();
    grey.setColor(QPalette::WindowText, grey.color(QPalette::PlaceholderText));
    m_subtitle->setPalette(grey);
    names->addWidget(m_title);
    names->addWidget(m_subtitle);
    headerRow->addWidget(m_icon);
    headerRow->addLayout(names, 1);
    page->addWidget(header);
    auto* line = new QFrame(m_page);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Plain);
    line->setEnabled(false);
    page->addWidget(line);
    m_scroll = new QScrollArea(m_page);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    page->addWidget(m_scroll, 1);
    m_stack->addWidget(m_page);
}

ConnectionDialog* StepFormPanel::connectionDialog() const
{
    return m_dialog;
}

void StepFormPanel::setSecretStore(engine::SecretStore* store)
{
    m_secrets = store;
}

engine::SecretStore* StepFormPanel::secretStore() const
{
    if (m_secrets)
        return m_secrets;
    // The keychain is opened on first use only.
    auto* self = const_cast<StepFormPanel*>(this);
    if (!self->m_keychain)
        self->m_keychain = std::make_unique<engine::KeychainSecretStore>();
    return self->m_keychain.get();
}

void StepFormPanel::setStep(const QString& step)
{
    if (step == m_step && (m_form || step.isEmpty()))
        return;
    m_step = step;
    rebuild();
}

void StepFormPanel::rebuild()
{
    const int scroll = m_scroll ? m_scroll->verticalScrollBar()->value() : 0;
    const bool sameStep = m_form && m_form->step() == m_step;
    if (m_form) {
        m_scroll->takeWidget();
        m_form->deleteLater();
        m_form = nullptr;
    }
    if (m_step.isEmpty() || !m_document->workflow().contains(m_step)) {
        m_step.clear();
        m_stack->setCurrentWidget(m_empty);
        return;
    }
    buildPage();
    FormContext context;
    ProjectConnections* connections = m_connections;
    context.connections = [connections](const QString& connector) {
        return connections->forConnector(connector);
    };
    m_form = new StepForm(m_document, m_step, context);
    connect(m_form, &StepForm::newConnectionRequested, this,
            [this](const QString& connector) { editConnection(connector); });
    connect(m_form, &StepForm::editConnectionRequested, this, &StepFormPanel::editConnection);
    m_scroll->setWidget(m_form);
    if (sameStep)
        m_scroll->verticalScrollBar()->setValue(scroll);
    updateHeader();
    m_stack->setCurrentWidget(m_page);
}

void StepFormPanel::updateHeader()
{
    const auto match = m_catalogue.recognise(m_document->stepJson(m_step));
    const QString icon = match.operation && !match.operation->icon.isEmpty()
                             ? match.operation->icon
                             : resources::icon(QStringLiteral("generic"));
    m_icon->setPixmap(IconCache::icon(icon).pixmap(28, 28));
    m_title->setText(DynamicContent::title(m_step));
    m_subtitle->setText(match.operation ? match.operation->connectorDisplayName +
                                              QStringLiteral(" – ") + match.operation->displayName
                                        : m_document->workflow().stepType(m_step));
}

void StepFormPanel::onStepChanged(const QString& step)
{
    if (!m_form || step != m_step)
        return;
    // The same operation: the fields follow; another one (code view): a new form.
    const auto match = m_catalogue.recognise(m_document->stepJson(m_step));
    if (match.operation == m_form->operation())
        m_form->reload();
    else
        rebuild();
}

void StepFormPanel::onStepsChanged()
{
    if (m_step.isEmpty())
        return;
    if (!m_document->workflow().contains(m_step)) {
        setStep(QString());
        return;
    }
    const auto match = m_catalogue.recognise(m_document->stepJson(m_step));
    if (m_form && match.operation == m_form->operation()) {
        m_form->reload();
        updateHeader();
    } else {
        rebuild();
    }
}

bool StepFormPanel::focusField(const QString& field)
{
    if (!m_form)
        return false;
    if (!m_form->focusField(field))
        return false;
    if (QWidget* focused = QApplication::focusWidget(); focused && m_form->isAncestorOf(focused))
        m_scroll->ensureWidgetVisible(focused, 20, 40);
    return true;
}

void StepFormPanel::editConnection(const QString& connector, const QString& name)
{
    if (m_dialog)
        return;
    auto* dialog = new ConnectionDialog(m_connections, secretStore(), connector, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!name.isEmpty() && m_connections->contains(name))
        dialog->load(name);
    m_dialog = dialog;
    const QString step = m_step;
    connect(dialog, &QDialog::accepted, this, [this, dialog, step] {
        const QString saved = dialog->connectionName();
        if (!m_form || m_form->step() != step || saved.isEmpty())
            return;
        // The step now uses the connection just saved.
        for (const engine::PropertySchema& p : m_form->operation()->properties) {
            if (p.type == engine::PropertyType::Connection) {
                const engine::Status s = m_document->setProperty(step, p.key, saved);
                Q_UNUSED(s);
                break;
            }
        }
    });
    dialog->open(); // window-modal, never a nested event loop
}

void StepFormPanel::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Escape) {
        Q_EMIT closeRequested();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace designer
