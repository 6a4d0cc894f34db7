#pragma once

#include "designer/forms/FieldEditor.h"

class QCheckBox;
class QTextBrowser;
class QToolButton;

namespace designer {

class DynamicContentButton;
class ExpressionEdit;

// A field of text (one line or several) that accepts expressions, with the
// dynamic-content button beside it. Bodies (Html) get an HTML switch and a
// preview.
class TextFieldEditor : public FieldEditor
{
    Q_OBJECT
public:
    TextFieldEditor(const engine::PropertySchema& schema, const FormContext& context,
                    QWidget* parent = nullptr);

    QJsonValue value() const override;
    void setValue(const QJsonValue& value) override;

    ExpressionEdit* edit() const { return m_edit; }
    DynamicContentButton* dynamicContentButton() const { return m_picker; }
    // Html bodies: the "HTML" switch (bound by the form to IsHtml) and the
    // preview; null for other types.
    QCheckBox* htmlToggle() const { return m_html; }
    QToolButton* previewButton() const { return m_previewButton; }
    QTextBrowser* preview() const { return m_preview; }

private:
    void updatePreview();

    ExpressionEdit* m_edit = nullptr;
    DynamicContentButton* m_picker = nullptr;
    QCheckBox* m_html = nullptr;
    QToolButton* m_previewButton = nullptr;
    QTextBrowser* m_preview = nullptr;
};

} // namespace designer
