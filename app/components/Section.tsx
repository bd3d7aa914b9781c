/** A titled block of the sidebar. */
import type { ReactNode } from 'react';
import styled from 'styled-components';
import { getColor } from '@zendeskgarden/react-theming';

const StyledSection = styled.section`
  padding: ${(p) => p.theme.space.sm} 0;
  border-top: ${(p) => p.theme.borders.sm} ${(p) => getColor({ theme: p.theme, variable: 'border.subtle' })};
  &:first-of-type {
    border-top: none;
  }
`;

const Heading = styled.h2`
  margin: 0 0 ${(p) => p.theme.space.xs};
  font-size: ${(p) => p.theme.fontSizes.sm};
  font-weight: ${(p) => p.theme.fontWeights.semibold};
  color: ${(p) => getColor({ theme: p.theme, variable: 'foreground.subtle' })};
  text-transform: uppercase;
  letter-spacing: 0.02em;
`;

export function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <StyledSection data-testid={testId} aria-label={title}>
      <Heading>{title}</Heading>
      {children}
    </StyledSection>
  );
}

export const Line = styled.div`
  margin: ${(p) => p.theme.space.xxs} 0;
  font-size: ${(p) => p.theme.fontSizes.md};
  line-height: ${(p) => p.theme.lineHeights.md};
`;

export const Muted = styled.span`
  color: ${(p) => getColor({ theme: p.theme, variable: 'foreground.subtle' })};
  font-size: ${(p) => p.theme.fontSizes.sm};
`;
