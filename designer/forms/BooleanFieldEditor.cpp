#include "designer/forms/BooleanFieldEditor.h"

#include <QCheckBox>
#include <QLabel>

namespace designer {

BooleanFieldEditor::BooleanFieldEditor(const engine::PropertySchema& schema, QWidget* parent)
    : FieldEditor(schema, parent)
{
    // The name sits beside the box, not above it.
    titleLabel()->hide();
    m_check = new QCheckBox(schema.displayName.isEmpty() ? schema.key : schema.displayName, this);
    m_check->setObjectName(QStringLiteral("check_") + schema.key);
    m_check->setToolTip(schema.description);
    m_check->setChecked(schema.defaultValue.toBool());
    setContent(m_check);
    connect(m_check, &QCheckBox::toggled, this, [this](bool on) {
        m_value = on;
        Q_EMIT edited();
    });
}

QJsonValue BooleanFieldEditor::value() const
{
    return m_value;
}

void BooleanFieldEditor::setValue(const QJsonValue& value)
{
    m_value = value;
    const QSignalBlocker block(m_check);
    if (value.isBool())
        m_check->setChecked(value.toBool());
    else if (value.isString()) // an expression or "true"/"false" written as text
        m_check->setChecked(value.toString().compare(QLatin1String("true"), Qt::CaseInsensitive) ==
                            0);
    else
        m_check->setChecked(schema().defaultValue.toBool());
}

} // namespace designer
