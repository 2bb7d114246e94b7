import { Center, Loader } from '@mantine/core';

export const PageLoader = () => (
  <Center h="60vh" aria-busy="true">
    <Loader aria-label="Loading" />
  </Center>
);
