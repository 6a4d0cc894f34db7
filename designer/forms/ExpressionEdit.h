#pragma once

#include <QTextEdit>

namespace designer {

// A text field that accepts expressions: tokens such as
// @{triggerBody()?['Email']} show as chips (one character each, so they are
// moved, selected and deleted whole) and the text stays exactly what is
// stored. Expressions are syntax checked as the text changes.
class ExpressionEdit : public QTextEdit
{
    Q_OBJECT
public:
    enum class Mode
    {
        SingleLine,
        MultiLine
    };

    explicit ExpressionEdit(Mode mode = Mode::SingleLine, QWidget* parent = nullptr);
    ~ExpressionEdit() override;

    Mode mode() const { return m_mode; }
    // The text as stored: chips written back as their tokens.
    QString text() const;
    // Replaces the content (no textEdited()); the cursor keeps its place
    // where it can.
    void setText(const QString& text);
    // Inserts an expression as a chip at the cursor (emits textEdited()).
    void insertToken(const QString& expression);
    // The expressions of the chips, in order.
    QStringList tokens() const;
    // The first syntax error of the text, empty when it parses.
    QString syntaxError() const { return m_syntaxError; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    // The person changed the text (typing, paste, a token inserted).
    void textEdited(const QString& text);
    void syntaxErrorChanged(const QString& error);

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;
    QMimeData* createMimeDataFromSelection() const override;
    bool canInsertFromMimeData(const QMimeData* source) const override;
    void insertFromMimeData(const QMimeData* source) override;
    bool event(QEvent* event) override;

private:
    void onContentsChanged();
    void checkSyntax(const QString& text);
    void fill(const QString& text);
    QString textOf(int from, int to) const;
    int lineHeight() const;

    Mode m_mode;
    bool m_filling = false;
    QString m_syntaxError;
};

} // namespace designer
