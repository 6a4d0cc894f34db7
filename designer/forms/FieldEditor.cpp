#include "designer/forms/FieldEditor.h"

#include "designer/forms/ArrayFieldEditor.h"
#include "designer/forms/BooleanFieldEditor.h"
#include "designer/forms/ConnectionFieldEditor.h"
#include "designer/forms/EnumFieldEditor.h"
#include "designer/forms/JsonFieldEditor.h"
#include "designer/forms/TextFieldEditor.h"

#include <QLabel>
#include <QVBoxLayout>

namespace designer {

FieldEditor::FieldEditor(const engine::PropertySchema& schema, QWidget* parent)
    : QWidget(parent), m_schema(schema)
{
    setObjectName(QStringLiteral("field_") + schema.key);
    m_layout = new QVBoxLayout(this);
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(3);
    const QString name = schema.displayName.isEmpty() ? schema.key : schema.displayName;
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("fieldTitle"));
    m_title->setTextFormat(Qt::RichText);
    // Required fields are marked as Logic Apps marks them.
    m_title->setText(
        name.toHtmlEscaped() +
        (schema.required ? QStringLiteral(" <span style=\"color:#c4314b\">*</span>") : QString()));
    m_title->setToolTip(schema.description);
    m_layout->addWidget(m_title);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("fieldError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c4314b;"));
    m_error->hide();
    m_layout->addWidget(m_error);
}

FieldEditor::~FieldEditor() = default;

FieldEditor* FieldEditor::create(const engine::PropertySchema& schema, const FormContext& context,
                                 QWidget* parent)
{
    using T = engine::PropertyType;
    switch (schema.type) {
    case T::Boolean:
        return new BooleanFieldEditor(schema, parent);
    case T::Enum:
        return new EnumFieldEditor(schema, parent);
    case T::Connection:
        return new ConnectionFieldEditor(schema, context, parent);
    case T::Array:
        return new ArrayFieldEditor(schema, context, parent);
    case T::Object:
        return new JsonFieldEditor(schema, parent);
    default:
        return new TextFieldEditor(schema, context, parent);
    }
}

void FieldEditor::setContent(QWidget* content, QWidget* focusTarget)
{
    m_layout->insertWidget(m_layout->indexOf(m_error), content);
    m_focusTarget = focusTarget ? focusTarget : content;
    m_title->setBuddy(m_focusTarget);
}

bool FieldEditor::focusSubField(const QString& subField)
{
    Q_UNUSED(subField);
    if (!m_focusTarget)
        return false;
    m_focusTarget->setFocus(Qt::OtherFocusReason);
    return true;
}

void FieldEditor::setProblems(const QHash<QString, QStringList>& bySubField)
{
    m_problems = bySubField.value(QString());
    updateError();
}

void FieldEditor::setSyntaxError(const QString& error)
{
    m_syntaxError = error;
    updateError();
}

QString FieldEditor::shownError() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void FieldEditor::updateError()
{
    QStringList lines;
    if (!m_syntaxError.isEmpty())
        lines.append(m_syntaxError);
    for (const QString& p : m_problems) {
        if (!lines.contains(p))
            lines.append(p);
    }
    m_error->setText(lines.join(QLatin1Char('\n')));
    m_error->setVisible(!lines.isEmpty());
    if (m_focusTarget)
        m_focusTarget->setProperty("invalid", !lines.isEmpty());
}

} // namespace designer
