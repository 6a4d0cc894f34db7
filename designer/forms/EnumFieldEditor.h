#pragma once

#include "designer/forms/FieldEditor.h"

class QComboBox;

namespace designer {

// One of a fixed list (Importance: High/Normal/Low; Salesforce object type)
// as a combo box. A value outside the list (an expression, a newer option)
// is kept and shown as it is.
class EnumFieldEditor : public FieldEditor
{
    Q_OBJECT
public:
    explicit EnumFieldEditor(const engine::PropertySchema& schema, QWidget* parent = nullptr);

    QJsonValue value() const override;
    void setValue(const QJsonValue& value) override;
    QComboBox* comboBox() const { return m_combo; }

private:
    QComboBox* m_combo = nullptr;
};

} // namespace designer
