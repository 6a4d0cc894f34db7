#pragma once

#include "designer/forms/FieldEditor.h"

class QCheckBox;

namespace designer {

// A yes/no property as a check box; unset shows the schema's default.
class BooleanFieldEditor : public FieldEditor
{
    Q_OBJECT
public:
    explicit BooleanFieldEditor(const engine::PropertySchema& schema, QWidget* parent = nullptr);

    QJsonValue value() const override;
    void setValue(const QJsonValue& value) override;
    QCheckBox* checkBox() const { return m_check; }

private:
    QCheckBox* m_check = nullptr;
    QJsonValue m_value;
};

} // namespace designer
