/**
 * One table of the service report: Garden's table with the current period and, where it
 * compares, the previous one under it; a CSV button exports the same rows with raw values.
 * Each cell carries its raw values (`data-current`, `data-previous`) for tests and tools.
 */
import styled from 'styled-components';
import { Button } from '@zendeskgarden/react-buttons';
import { Body, Cell, Head, HeaderCell, HeaderRow, Row, Table } from '@zendeskgarden/react-tables';
import { getColor } from '@zendeskgarden/react-theming';
import type { Period } from '../../../shared/reports.ts';
import { csvFileName, downloadCsv, tableCsv } from '../../data/csv.ts';
import type { TableModel, Value } from '../../data/reportTables.ts';
import { useI18n } from '../../i18n.ts';
import { formatValue } from './format.ts';

const Block = styled.section`
  margin: ${(p) => p.theme.space.md} 0;
`;

const Top = styled.div`
  display: flex;
  align-items: baseline;
  justify-content: space-between;
  gap: ${(p) => p.theme.space.sm};
`;

const Title = styled.h3`
  margin: 0 0 ${(p) => p.theme.space.xs};
  font-size: ${(p) => p.theme.fontSizes.md};
  font-weight: ${(p) => p.theme.fontWeights.semibold};
`;

const Scroll = styled.div`
  overflow-x: auto;
`;

const Previous = styled.div`
  color: ${(p) => getColor({ theme: p.theme, variable: 'foreground.subtle' })};
  font-size: ${(p) => p.theme.fontSizes.sm};
`;

const raw = (value: Value | undefined) => (value === null || value === undefined ? '' : String(value));

export function FigureTable({ table, period }: { table: TableModel; period: Period }) {
  const { t, locale } = useI18n();
  const titleId = `table-${table.id}-title`;
  return (
    <Block data-testid={`table-${table.id}`} aria-labelledby={titleId}>
      <Top>
        <Title id={titleId}>{table.title}</Title>
        <Button size="small" data-testid={`csv-${table.id}`} aria-label={t('dash.csv.label', { table: table.title })} onClick={() => downloadCsv(tableCsv(table, locale), csvFileName(table, period))}>
          {t('dash.csv.download')}
        </Button>
      </Top>
      <Scroll>
        <Table size="small" id={`table-${table.id}`} aria-labelledby={titleId}>
          <Head>
            <HeaderRow>
              <HeaderCell>{table.labelHeader}</HeaderCell>
              {table.columns.map((column) => (
                <HeaderCell key={column.key}>{column.header}</HeaderCell>
              ))}
            </HeaderRow>
          </Head>
          <Body>
            {table.rows.length === 0 && (
              <Row>
                <Cell colSpan={table.columns.length + 1}>{t('dash.empty')}</Cell>
              </Row>
            )}
            {table.rows.map((row) => (
              <Row key={row.key} data-testid="figure-row" data-row={row.key}>
                <Cell>{row.label}</Cell>
                {table.columns.map((column) => {
                  const cell = row.cells[column.key];
                  return (
                    <Cell key={column.key} data-column={column.key} data-current={raw(cell?.current)} data-previous={column.compare ? raw(cell?.previous) : undefined}>
                      <div data-testid="value">{formatValue(column.kind, cell?.current ?? null, locale)}</div>
                      {column.compare && <Previous data-testid="previous">{t('dash.previous', { value: formatValue(column.kind, cell?.previous ?? null, locale) })}</Previous>}
                    </Cell>
                  );
                })}
              </Row>
            ))}
          </Body>
        </Table>
      </Scroll>
    </Block>
  );
}
