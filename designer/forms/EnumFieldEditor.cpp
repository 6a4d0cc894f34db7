#include "designer/forms/EnumFieldEditor.h"

#include <QComboBox>

namespace designer {

EnumFieldEditor::EnumFieldEditor(const engine::PropertySchema& schema, QWidget* parent)
    : FieldEditor(schema, parent)
{
    m_combo = new QComboBox(this);
    m_combo->setObjectName(QStringLiteral("combo_") + schema.key);
    m_combo->setToolTip(schema.description);
    // An empty first entry means "not set" (the default applies).
    const QString unset = schema.defaultValue.isString()
                              ? tr("(default: %1)").arg(schema.defaultValue.toString())
                              : tr("(not set)");
    m_combo->addItem(unset, QString());
    for (const QString& v : schema.enumValues)
        m_combo->addItem(v, v);
    setContent(m_combo);
    connect(m_combo, &QComboBox::activated, this, [this] { Q_EMIT edited(); });
}

QJsonValue EnumFieldEditor::value() const
{
    const QString v = m_combo->currentData().toString();
    return v.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(v);
}

void EnumFieldEditor::setValue(const QJsonValue& value)
{
    const QString v = value.isString() ? value.toString() : QString();
    int index = m_combo->findData(v);
    if (index < 0) {
        // Enum values compare without regard to case, as the runtime reads them.
        for (int i = 1; i < m_combo->count(); ++i) {
            if (m_combo->itemData(i).toString().compare(v, Qt::CaseInsensitive) == 0)
                index = i;
        }
    }
    if (index < 0 || (index > 0 && m_combo->itemData(index).toString() != v)) {
        if (index < 0) {
            m_combo->addItem(v, v);
            index = m_combo->count() - 1;
        }
    }
    const QSignalBlocker block(m_combo);
    m_combo->setCurrentIndex(index);
}

} // namespace designer
