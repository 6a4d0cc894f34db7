#pragma once

#include <QColor>
#include <QGraphicsView>
#include <QImage>
#include <QLineEdit>
#include <QPointer>
#include <utility>

namespace designer {

class WorkflowScene;

// The canvas widget: dotted background, zoom (Ctrl+wheel, pinch, keys), pan
// (middle button, Space+drag, scroll), fit to window, rubber-band selection
// and inline renaming of a card.
class WorkflowView : public QGraphicsView
{
    Q_OBJECT
public:
    static constexpr qreal MinZoom = 0.02;
    static constexpr qreal MaxZoom = 3.0;

    explicit WorkflowView(WorkflowScene* scene, QWidget* parent = nullptr);

    WorkflowScene* workflowScene() const { return m_scene; }
    qreal zoom() const;
    void setZoom(qreal zoom);
    // The inline name editor while renaming, else null.
    QLineEdit* nameEditor() const { return m_nameEditor; }

public Q_SLOTS:
    void zoomIn();
    void zoomOut();
    void resetZoom();
    // Shows the whole flow (never enlarging past 1:1).
    void fitAll();
    // Scrolls to the start of the flow at the current zoom.
    void showTop();
    void ensureStepVisible(const QString& step);
    // Opens an editor over the card's name; Enter renames, Esc cancels.
    void editStepName(const QString& step);
    void cancelNameEdit();

Q_SIGNALS:
    void zoomChanged(qreal zoom);
    void message(const QString& text);

protected:
    void drawBackground(QPainter* painter, const QRectF& rect) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void keyReleaseEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void zoomBy(qreal factor);
    void commitNameEdit();

    WorkflowScene* m_scene;
    // The background's dots when a whole number of pixels apart, and the
    // colours it was drawn in (background, dot).
    QImage m_dotTile;
    std::pair<QColor, QColor> m_dotTileColors;
    QPointer<QLineEdit> m_nameEditor;
    QString m_editedStep;
    bool m_spaceHeld = false;
    bool m_panning = false;
    QPoint m_panLast;
};

} // namespace designer
