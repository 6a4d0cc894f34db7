#pragma once

#include "designer/forms/FieldEditor.h"

class QPlainTextEdit;

namespace designer {

// Free JSON (an Object property) as text; applied only when it parses.
class JsonFieldEditor : public FieldEditor
{
    Q_OBJECT
public:
    explicit JsonFieldEditor(const engine::PropertySchema& schema, QWidget* parent = nullptr);

    QJsonValue value() const override;
    void setValue(const QJsonValue& value) override;

private:
    QPlainTextEdit* m_edit = nullptr;
    QJsonValue m_value;
};

} // namespace designer
