#include "designer/forms/StepForm.h"

#include "designer/document/WorkflowDocument.h"
#include "designer/forms/ConnectionFieldEditor.h"
#include "designer/forms/FieldEditor.h"
#include "designer/forms/TextFieldEditor.h"
#include "engine/catalogue/Catalogue.h"
#include "engine/workflow/Workflow.h"

#include <QCheckBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

namespace designer {
namespace {

// How a message reads, top to bottom; properties not listed keep the
// schema's order after these.
const QStringList& readingOrder()
{
    static const QStringList order = {
        QStringLiteral("From"),       QStringLiteral("To"),          QStringLiteral("CC"),
        QStringLiteral("BCC"),        QStringLiteral("Subject"),     QStringLiteral("Body"),
        QStringLiteral("Importance"), QStringLiteral("Attachments"),
    };
    return order;
}

bool isEmptyValue(const QJsonValue& v)
{
    return v.isUndefined() || v.isNull() || (v.isString() && v.toString().trimmed().isEmpty()) ||
           (v.isArray() && v.toArray().isEmpty());
}

// "Attachments[0].ContentData" -> {"Attachments", "[0].ContentData"}; "To" -> {"To", ""}.
std::pair<QString, QString> splitField(const QString& field)
{
    qsizetype cut = field.size();
    for (const QChar c : {QLatin1Char('['), QLatin1Char('.')}) {
        const qsizetype i = field.indexOf(c);
        if (i > 0)
            cut = std::min(cut, i);
    }
    QString rest = field.mid(cut);
    if (rest.startsWith(QLatin1Char('.')))
        rest.remove(0, 1);
    return {field.left(cut), rest};
}

} // namespace

StepForm::StepForm(WorkflowDocument* document, const QString& step, const FormContext& context,
                   QWidget* parent)
    : QWidget(parent), m_document(document), m_step(step), m_context(context)
{
    setObjectName(QStringLiteral("stepForm"));
    m_layout = new QVBoxLayout(this);
    m_layout->setContentsMargins(12, 10, 12, 12);
    m_layout->setSpacing(12);
    const auto match = m_document->catalogue().recognise(m_document->stepJson(step));
    m_operation = match.operation;
    if (m_operation) {
        m_context.connector = m_operation->connector;
        // Dynamic content is read when the picker opens, so it follows the workflow.
        WorkflowDocument* doc = m_document;
        const QString name = m_step;
        m_context.dynamicContent = [doc, name] {
            return DynamicContent::availableTo(doc->workflow(), doc->catalogue(), name);
        };
        build();
        reload();
    } else {
        buildUnknown();
    }
    m_layout->addStretch(1);
}

StepForm::~StepForm() = default;

QList<const engine::PropertySchema*> StepForm::orderedProperties() const
{
    QList<const engine::PropertySchema*> props;
    for (const engine::PropertySchema& p : m_operation->properties)
        props.append(&p);
    const auto rank = [](const engine::PropertySchema* p) {
        if (p->type == engine::PropertyType::Connection)
            return -1; // where it is sent from comes first
        const qsizetype i = readingOrder().indexOf(p->key);
        return i < 0 ? int(readingOrder().size()) : int(i);
    };
    std::stable_sort(props.begin(), props.end(),
                     [&](const auto* a, const auto* b) { return rank(a) < rank(b); });
    return props;
}

void StepForm::build()
{
    // Body's "HTML" switch stands for the boolean that says the body is HTML.
    const engine::PropertySchema* htmlFlag = nullptr;
    bool hasHtmlBody = false;
    for (const engine::PropertySchema& p : m_operation->properties) {
        if (p.type == engine::PropertyType::Html)
            hasHtmlBody = true;
        if (p.type == engine::PropertyType::Boolean &&
            p.key.compare(QLatin1String("IsHtml"), Qt::CaseInsensitive) == 0)
            htmlFlag = &p;
    }
    if (!hasHtmlBody)
        htmlFlag = nullptr;

    m_advancedBox = new QWidget(this);
    m_advancedBox->setObjectName(QStringLiteral("advancedBox"));
    auto* advancedLayout = new QVBoxLayout(m_advancedBox);
    advancedLayout->setContentsMargins(0, 4, 0, 0);
    advancedLayout->setSpacing(12);
    int advancedCount = 0;

    for (const engine::PropertySchema* p : orderedProperties()) {
        if (htmlFlag && p == htmlFlag)
            continue;
        FieldEditor* editor = FieldEditor::create(*p, m_context, this);
        m_editors.append(editor);
        if (p->advanced) {
            advancedLayout->addWidget(editor);
            ++advancedCount;
        } else {
            m_layout->addWidget(editor);
        }
        connect(editor, &FieldEditor::edited, this, [this, editor] { write(editor); });
        if (auto* text = qobject_cast<TextFieldEditor*>(editor); text && text->htmlToggle()) {
            if (htmlFlag) {
                m_htmlToggle = text->htmlToggle();
                m_htmlKey = htmlFlag->key;
                m_htmlToggle->setToolTip(htmlFlag->description);
                connect(m_htmlToggle, &QCheckBox::toggled, this, [this](bool on) {
                    if (m_updating)
                        return;
                    const engine::Status s = m_document->setProperty(m_step, m_htmlKey, on);
                    Q_UNUSED(s);
                });
            } else {
                text->htmlToggle()->hide();
            }
        }
        if (auto* connection = qobject_cast<ConnectionFieldEditor*>(editor)) {
            connect(connection, &ConnectionFieldEditor::newConnectionRequested, this,
                    [this] { Q_EMIT newConnectionRequested(m_operation->connector); });
            connect(connection, &ConnectionFieldEditor::editConnectionRequested, this,
                    [this](const QString& name) {
                        Q_EMIT editConnectionRequested(m_operation->connector, name);
                    });
        }
    }

    if (advancedCount > 0) {
        m_advancedButton = new QToolButton(this);
        m_advancedButton->setObjectName(QStringLiteral("advancedButton"));
        m_advancedButton->setText(tr("Advanced (%1)").arg(advancedCount));
        m_advancedButton->setCheckable(true);
        m_advancedButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        m_advancedButton->setArrowType(Qt::RightArrow);
        m_advancedButton->setAutoRaise(true);
        m_layout->addWidget(m_advancedButton);
        m_layout->addWidget(m_advancedBox);
        m_advancedBox->hide();
        connect(m_advancedButton, &QToolButton::toggled, this, [this](bool open) {
            m_advancedButton->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
            m_advancedBox->setVisible(open);
        });
    } else {
        m_advancedBox->hide();
    }
}

void StepForm::buildUnknown()
{
    auto* note = new QLabel(
        tr("The designer does not know this kind of step (“%1”). It is kept exactly as it is; "
           "change it in the code view.")
            .arg(m_document->workflow().stepType(m_step)),
        this);
    note->setWordWrap(true);
    m_layout->addWidget(note);
    m_json = new QPlainTextEdit(this);
    m_json->setObjectName(QStringLiteral("stepJson"));
    m_json->setReadOnly(true);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::TypeWriter);
    m_json->setFont(mono);
    m_json->setMinimumHeight(240);
    m_layout->addWidget(m_json);
    reload();
}

FieldEditor* StepForm::editor(const QString& key) const
{
    for (FieldEditor* e : m_editors) {
        if (e->key().compare(key, Qt::CaseInsensitive) == 0)
            return e;
    }
    return nullptr;
}

QStringList StepForm::fieldOrder() const
{
    QStringList keys;
    for (const FieldEditor* e : m_editors) {
        if (!e->schema().advanced)
            keys.append(e->key());
    }
    for (const FieldEditor* e : m_editors) {
        if (e->schema().advanced)
            keys.append(e->key());
    }
    return keys;
}

QString StepForm::fieldError(const QString& key) const
{
    const FieldEditor* e = editor(key);
    return e ? e->shownError() : QString();
}

bool StepForm::focusField(const QString& field)
{
    const auto [key, sub] = splitField(field);
    FieldEditor* e = editor(key);
    if (!e && m_htmlToggle && key.compare(m_htmlKey, Qt::CaseInsensitive) == 0) {
        m_htmlToggle->setFocus(Qt::OtherFocusReason);
        return true;
    }
    if (!e)
        return false;
    if (e->schema().advanced && m_advancedButton)
        m_advancedButton->setChecked(true);
    return e->focusSubField(sub);
}

void StepForm::write(FieldEditor* editor)
{
    if (m_updating)
        return;
    const engine::Status status = m_document->setProperty(m_step, editor->key(), editor->value());
    if (!status)
        editor->setProblems({{QString(), {status.error().message}}});
    else
        revalidate();
}

void StepForm::reload()
{
    if (!m_document->workflow().contains(m_step))
        return;
    m_updating = true;
    if (m_json) {
        const QJsonObject step = m_document->stepJson(m_step);
        const QString text = QString::fromUtf8(QJsonDocument(step).toJson(QJsonDocument::Indented));
        if (m_json->toPlainText() != text)
            m_json->setPlainText(text);
    }
    for (FieldEditor* e : m_editors) {
        const QJsonValue v = m_document->property(m_step, e->key());
        if (v != e->value())
            e->setValue(v);
    }
    if (m_htmlToggle) {
        const QJsonValue v = m_document->property(m_step, m_htmlKey);
        const bool on = v.isBool()
                            ? v.toBool()
                            : v.toString().compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
        if (m_htmlToggle->isChecked() != on)
            m_htmlToggle->setChecked(on);
    }
    m_updating = false;
    revalidate();
}

void StepForm::reloadConnections()
{
    for (FieldEditor* e : m_editors) {
        if (auto* c = qobject_cast<ConnectionFieldEditor*>(e))
            c->reload();
    }
    revalidate();
}

void StepForm::revalidate()
{
    if (!m_operation)
        return;
    QJsonObject properties;
    for (const engine::PropertySchema& p : m_operation->properties) {
        const QJsonValue v = m_document->property(m_step, p.key);
        if (!v.isUndefined())
            properties.insert(p.key, v);
    }
    QHash<QString, QHash<QString, QStringList>> problems;
    const auto add = [&problems](const QString& field, const QString& message) {
        const auto [key, sub] = splitField(field);
        QStringList& list = problems[key.toLower()][sub];
        if (!list.contains(message))
            list.append(message);
    };
    for (const engine::PropertySchema& p : m_operation->properties) {
        const QJsonValue v = properties.value(p.key);
        const QString name = p.displayName.isEmpty() ? p.key : p.displayName;
        if (p.required && isEmptyValue(v))
            add(p.key, tr("%1 is required.").arg(name));
        if (p.type == engine::PropertyType::Connection && v.isString() && !v.toString().isEmpty() &&
            m_context.connections) {
            bool known = false;
            for (const auto& [connection, display] : m_context.connections(m_operation->connector))
                known = known || connection == v.toString();
            if (!known)
                add(p.key, tr("There is no connection named “%1”. Choose one or create a new one.")
                               .arg(v.toString()));
        }
    }
    if (m_operation->validate) {
        for (const engine::Error& e : m_operation->validate(properties))
            add(e.field, e.message);
    }
    for (FieldEditor* e : m_editors)
        e->setProblems(problems.value(e->key().toLower()));
}

} // namespace designer
