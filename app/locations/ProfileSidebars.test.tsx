import '../test/jsdom-shims.ts';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../App.tsx';
import { fakeClient } from '../test/fakeClient.ts';

afterEach(cleanup);

describe('user sidebar', () => {
  it('classifies the user with their organization numbers from one REST call', async () => {
    const fake = fakeClient({
      location: 'user_sidebar',
      data: { 'user.id': 7, 'currentUser.locale': 'en', colorScheme: 'light' },
      request: () => ({
        user: { id: 7, name: 'Li Wei', tags: ['pref_phone'], organization_id: 10, user_fields: { birthday: null } },
        organizations: [
          { id: 9, name: 'Other', organization_fields: { annual_spend: 1 } },
          { id: 10, name: 'Beta', tags: ['complaint_x'], organization_fields: { annual_spend: '150000', orders_per_year: 2 } },
        ],
      }),
    });
    render(<App client={fake.client} />);
    expect((await screen.findByTestId('tier-badge')).dataset.tier).toBe('potential');
    expect(screen.getByTestId('tier-reason').textContent).toBe('Potential: annual spend 150,000 >= 100,000, organization Beta');
    expect(screen.getByTestId('tags-preferences-list').textContent).toContain('phone');
    expect(fake.request).toHaveBeenCalledWith('/api/v2/users/7.json?include=organizations');
    expect(fake.get).toHaveBeenCalledWith(['user.id', 'currentUser.locale', 'colorScheme']);
    expect(screen.queryByTestId('sla-countdown')).toBeNull();
  });
});

describe('organization sidebar', () => {
  it('classifies the organization from one batched get and follows field changes', async () => {
    const fake = fakeClient({
      location: 'organization_sidebar',
      data: { organization: { id: 9, name: 'Acme', tags: [] }, 'organization.customField:tier_override': 'core', 'currentUser.locale': 'zh-CN', colorScheme: 'dark' },
    });
    render(<App client={fake.client} />);
    await waitFor(() => expect(screen.getByTestId('tier-badge').textContent).toBe('核心客户'));
    expect(screen.getByTestId('tier-reason').textContent).toBe('核心客户：手动指定（组织 Acme）');
    expect(fake.get).toHaveBeenCalledTimes(1);
    expect(fake.request).not.toHaveBeenCalled();
    fake.update({ 'organization.customField:tier_override': '' });
    await act(async () => fake.fire('organization.tier_override.changed'));
    await waitFor(() => expect(screen.getByTestId('tier-badge').dataset.tier).toBe('basic'));
  });
});

describe('account manager in the profile sidebars', () => {
  it('names the organization\'s account manager, read as the agent', async () => {
    const fake = fakeClient({
      location: 'organization_sidebar',
      data: { organization: { id: 9, name: 'Acme', tags: [] }, 'organization.customField:account_manager': '5001', 'currentUser.locale': 'zh-CN', colorScheme: 'light' },
      request: () => ({ user: { id: 5001, name: '王芳 Wang Fang' } }),
    });
    render(<App client={fake.client} />);
    expect((await screen.findByTestId('care-manager')).textContent).toBe('客户经理：王芳 Wang Fang');
    expect(fake.request).toHaveBeenCalledWith({ url: '/api/v2/users/5001.json', type: 'GET', dataType: 'json' });
  });

  it('shows nothing (never the id) when the user\'s manager cannot be read', async () => {
    const fake = fakeClient({
      location: 'user_sidebar',
      data: { 'user.id': 7, 'currentUser.locale': 'en', colorScheme: 'light' },
      request: (o) => {
        if (o === '/api/v2/users/7.json?include=organizations') return { user: { id: 7, name: 'Li Wei', tags: [], user_fields: { account_manager: '372135781234' } }, organizations: [] };
        throw { status: 404, statusText: 'Not Found' };
      },
    });
    render(<App client={fake.client} />);
    await screen.findByTestId('tier-badge');
    await waitFor(() => expect(fake.request).toHaveBeenCalledTimes(2));
    expect(screen.queryByTestId('care-manager')).toBeNull();
    expect(document.body.textContent).not.toContain('372135781234');
  });
});
