#pragma once

#include <QString>
#include <QWidget>

namespace designer {

// What a panel shows while it has nothing to show ("No problems found."): a
// dimmed line of text, centred and wrapped to the panel's width. It takes the
// room the panel gives it, so its size hint asks nothing of the text: a
// word-wrapped QLabel lays its text out again and again to find its height
// for a width, which was most of what the window's first layout spent on its
// two empty panels. The text is the widget's accessible name.
class EmptyState : public QWidget
{
    Q_OBJECT

public:
    explicit EmptyState(const QString& text, QWidget* parent = nullptr);

    QString text() const { return m_text; }
    void setText(const QString& text);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QString m_text;
};

} // namespace designer
