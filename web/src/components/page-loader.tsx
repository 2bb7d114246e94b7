import { Center, Loader } from '@mantine/core';
import i18n from '../i18n';

export const PageLoader = () => (
  <Center h="60vh" aria-busy="true">
    <Loader aria-label={i18n.t('common.loading')} />
  </Center>
);
